/**
 * The lazy vega-embed loader: Vega is large, so it is fetched as a separate
 * chunk the first time a chart is shown, and only once.
 */
import type * as VegaEmbedModule from 'vega-embed';

export type VegaEmbed = typeof VegaEmbedModule;

let loading: Promise<VegaEmbed> | null = null;

/** The vega-embed module; a failed load is retried on the next call. */
export function loadVegaEmbed(): Promise<VegaEmbed> {
  if (!loading) {
    loading = import('vega-embed').catch((reason: unknown) => {
      loading = null;
      throw reason;
    });
  }
  return loading;
}
