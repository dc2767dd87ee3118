/**
 * The flags as an OpenFeature provider (@openfeature/server-sdk), so code can evaluate them
 * with the standard API and get value, variant and reason:
 *
 *   const details = await OpenFeature.getClient().getBooleanDetails('newDashboard', false, { targetingKey: tenantId });
 *
 * The targeting key is the tenant id (`tenantId` in the context works too). Resolution is the
 * in-memory evaluator (src/flags/evaluate.ts): no I/O per evaluation.
 */
import {
  ErrorCode,
  OpenFeature,
  OpenFeatureEventEmitter,
  ProviderEvents,
  type Client,
  type EvaluationContext,
  type JsonValue,
  type Logger,
  type Provider,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import { logger } from '@/src/observability/logger';
import type { FlagType } from './definitions';
import { flagStore, onFlagsLoaded, type FlagStore } from './store';

export const PROVIDER_NAME = 'dealershipai-flags';
export const CLIENT_DOMAIN = 'dealershipai';

export class DealershipFlagProvider implements Provider {
  readonly metadata = { name: PROVIDER_NAME } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();

  constructor(private readonly store: () => FlagStore = flagStore) {}

  /** The first load; never rejects (without it, evaluations answer ERROR / PROVIDER_NOT_READY). */
  async initialize(): Promise<void> {
    await this.store().ready();
  }

  async onClose(): Promise<void> {
    this.store().stop();
  }

  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return Promise.resolve(this.resolve(flagKey, 'boolean', defaultValue, context));
  }

  resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return Promise.resolve(this.resolve(flagKey, 'string', defaultValue, context));
  }

  resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext): Promise<ResolutionDetails<number>> {
    return Promise.resolve(this.resolve(flagKey, 'number', defaultValue, context));
  }

  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T): Promise<ResolutionDetails<T>> {
    return Promise.resolve({
      value: defaultValue,
      reason: 'ERROR',
      errorCode: ErrorCode.TYPE_MISMATCH,
      errorMessage: `flags are boolean, string or number; "${flagKey}" cannot be read as an object`,
    });
  }

  /** Synchronous; the SDK's async signature is satisfied by the callers above. */
  resolve<T>(flagKey: string, type: FlagType, defaultValue: T, context: EvaluationContext): ResolutionDetails<T> {
    const store = this.store();
    const def = Object.prototype.hasOwnProperty.call(store.definitions, flagKey) ? store.definitions[flagKey] : undefined;
    if (!def) return { value: defaultValue, reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND, errorMessage: `no flag "${flagKey}" is declared` };
    if (def.type !== type)
      return { value: defaultValue, reason: 'ERROR', errorCode: ErrorCode.TYPE_MISMATCH, errorMessage: `"${flagKey}" is a ${def.type} flag, read as ${type}` };
    const tenant = context.targetingKey ?? context.tenantId;
    const e = store.evaluate(flagKey, typeof tenant === 'string' ? tenant : '');
    return {
      value: e.value as T,
      reason: e.reason,
      variant: e.variant,
      errorCode: e.errorCode as ErrorCode | undefined,
      errorMessage: e.errorMessage,
      flagMetadata: { source: e.variant ?? 'error' },
    };
  }
}

// Evaluation errors are answers (the default value, reason ERROR), not incidents: debug level.
const sdkLogger: Logger = {
  error: (...args) => logger.debug({ args: args.map(String) }, 'openfeature error'),
  warn: (...args) => logger.debug({ args: args.map(String) }, 'openfeature warning'),
  info: () => {},
  debug: () => {},
};

const holder = globalThis as unknown as { __dealershipaiFlagProvider?: Promise<DealershipFlagProvider> };

/**
 * Registers the provider as OpenFeature's default (once per process) and waits for its first
 * load. Never rejects.
 */
export function installFlagProvider(): Promise<DealershipFlagProvider> {
  holder.__dealershipaiFlagProvider ??= (async () => {
    const provider = new DealershipFlagProvider();
    onFlagsLoaded(() => provider.events.emit(ProviderEvents.ConfigurationChanged, { providerName: PROVIDER_NAME }));
    await OpenFeature.setProviderAndWait(provider).catch((err) => logger.warn({ err }, 'flag provider initialisation failed'));
    return provider;
  })();
  return holder.__dealershipaiFlagProvider;
}

/** An OpenFeature client bound to the default provider (ours once installed). */
export function flagClient(): Client {
  const client = OpenFeature.getClient(CLIENT_DOMAIN);
  client.setLogger(sdkLogger);
  return client;
}

/** Tests: forget the installed provider (OpenFeature keeps its own global; this re-registers). */
export function resetFlagProvider(): void {
  holder.__dealershipaiFlagProvider = undefined;
}
