// A Map holding at most `max` entries: setting a new key past that drops the oldest one. For caches of
// answers that never go stale (keyed by snapshot), where only memory bounds them.
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (!this.has(key) && this.size >= this.max) this.delete(this.keys().next().value!);
    return super.set(key, value);
  }
}
