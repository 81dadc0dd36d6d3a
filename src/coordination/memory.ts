// One process: delivery ids in a bounded LRU with a TTL, and a keyed queue for per-PR work.
import { LRUCache } from "lru-cache";
import { DELIVERY_TTL_MS, MAX_REMEMBERED_DELIVERIES, type Coordinator } from "./coordinator.js";
import { KeyedQueue } from "./keyed-queue.js";

export interface MemoryCoordinatorOptions {
  deliveryTtlMs?: number;
  maxDeliveries?: number;
}

export class MemoryCoordinator implements Coordinator {
  readonly #deliveries: LRUCache<string, true>;
  readonly #queue = new KeyedQueue();

  constructor(options: MemoryCoordinatorOptions = {}) {
    this.#deliveries = new LRUCache<string, true>({
      max: options.maxDeliveries ?? MAX_REMEMBERED_DELIVERIES,
      ttl: options.deliveryTtlMs ?? DELIVERY_TTL_MS,
    });
  }

  firstDelivery(id: string): Promise<boolean> {
    if (this.#deliveries.has(id)) return Promise.resolve(false);
    this.#deliveries.set(id, true);
    return Promise.resolve(true);
  }

  forgetDelivery(id: string): Promise<void> {
    this.#deliveries.delete(id);
    return Promise.resolve();
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.#queue.run(key, fn);
  }

  async close(): Promise<void> {
    await this.#queue.idle();
  }
}
