/**
 * A small least-recently-used map for what the attention view derives from a
 * layer (a head's matrix at word level, its lines), so switching back to a
 * head costs a lookup.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): V {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
    return value;
  }

  /** The cached value, or `make()`'s, kept. */
  getOr(key: K, make: () => V): V {
    return this.get(key) ?? this.set(key, make());
  }

  clear(): void {
    this.map.clear();
  }

  get size(): number {
    return this.map.size;
  }
}
