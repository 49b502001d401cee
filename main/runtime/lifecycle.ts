import { errorName, type Logger } from './logger';
import type { StationService } from './service';

/**
 * Starts a station's services in the order given and stops them in the reverse order, each
 * awaited before the next: a service is started after what it uses and stopped before it. A
 * service that fails to start stops those already started (in reverse) and fails the start; one
 * that fails to stop does not keep the others running. Stopping twice stops once.
 */
export class ServiceLifecycle {
  private readonly started: StationService[] = [];
  private starting: Promise<void> | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly services: readonly StationService[],
    private readonly log: Logger,
  ) {}

  start(): Promise<void> {
    if (this.stopping) return Promise.reject(new Error('The station is stopping'));
    this.starting ??= this.startAll();
    return this.starting;
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async startAll(): Promise<void> {
    for (const service of this.services) {
      if (this.stopping) return;
      try {
        await service.start();
      } catch (error) {
        this.log.error('service failed to start', { service: service.name, error: errorName(error) });
        await this.stopStarted();
        throw error;
      }
      this.started.push(service);
      this.log.info('service started', { service: service.name });
    }
  }

  private async stopAll(): Promise<void> {
    // A start still under way finishes (or fails) first, so that nothing it starts is left running.
    await this.starting?.catch(() => undefined);
    await this.stopStarted();
  }

  private async stopStarted(): Promise<void> {
    for (const service of this.started.splice(0).reverse()) {
      try {
        await service.stop();
      } catch (error) {
        this.log.warn('service failed to stop cleanly', { service: service.name, error: errorName(error) });
      }
    }
  }
}
