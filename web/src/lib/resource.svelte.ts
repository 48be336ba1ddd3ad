// Loading / error / data state of one request, so every page shows the same three states.
import { ApiError } from './api.ts';
import { t } from './i18n.ts';

export class Resource<T> {
  data = $state<T | null>(null);
  error = $state<string | null>(null);
  status = $state<number | null>(null);
  loading = $state(false);
  #seq = 0;
  #last: (() => Promise<T>) | null = null;

  async load(fn: () => Promise<T>): Promise<void> {
    const seq = ++this.#seq;
    this.#last = fn;
    this.loading = true;
    this.error = null;
    this.status = null;
    try {
      const d = await fn();
      if (seq === this.#seq) this.data = d;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.error = e instanceof Error && e.message ? e.message : t.common.error;
      this.status = e instanceof ApiError ? e.status : null;
      this.data = null;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  retry = () => {
    if (this.#last) void this.load(this.#last);
  };
}

export function errorText(e: unknown): string {
  return e instanceof Error && e.message ? e.message : t.common.error;
}
