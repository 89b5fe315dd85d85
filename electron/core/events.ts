import { EventEmitter } from 'node:events';
import type { EventName, EventOf } from '../../shared/api';

/** Typed events from the core to whichever host is listening (IPC or server-sent events). */
export class CoreEvents {
  private readonly emitter = new EventEmitter();

  emit<E extends EventName>(event: E, payload: EventOf<E>): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}
