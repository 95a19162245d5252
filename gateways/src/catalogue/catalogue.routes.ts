import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ProductCommand, ProductDefined, ProductState } from '@ordinal/domain';
import { Type } from 'typebox';
import type { AggregateHost } from '../channels/channel-hosts.ts';
import { ApiError, errorResponses, rejectionError } from '../http/errors.ts';
import { ApiHeaders, CommandHeaders, commandMetadata, idempotencyKeyOf } from '../http/request-context.ts';
import { ROUTE_ROLES } from '../http/roles.ts';
import { closed, MoneySchema } from '../orders/order-values.schemas.ts';
import { type InForce, untilInForce } from '../rules/rule-sets.service.ts';

/** What the catalogue routes need: a host of the product aggregate on the event store. */
export interface CatalogueDeps {
  readonly products: AggregateHost<ProductCommand, ProductState>;
  /** The rules screen's `reached`: a definition is answered once the next order's price check sees it. */
  readonly inForce?: InForce;
}

/** Everything the catalogue routes use. */
export interface CatalogueRoutesOptions extends CatalogueDeps {
  readonly newId: () => string;
}

const SkuParams = closed({ sku: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }) });
const ProductBody = closed(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    tags: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50, description: 'What rules read as lines.tags.' }),
    listPrice: MoneySchema,
  },
  { title: 'ProductDefinition' },
);
const ProductAnswer = closed(
  {
    sku: Type.String(),
    name: Type.String(),
    tags: Type.Array(Type.String()),
    listPrice: MoneySchema,
    version: Type.Integer({ minimum: 1 }),
  },
  { title: 'Product' },
);

/**
 * `PUT /catalogue/products/:sku` (define or replace a product: its tags and list price, which
 * the rules read at placement) and `GET /catalogue/products/:sku`.
 */
export const catalogueRoutes: FastifyPluginAsyncTypebox<CatalogueRoutesOptions> = async (app, options) => {
  app.put(
    '/catalogue/products/:sku',
    {
      config: { roles: ROUTE_ROLES.manageCatalogue },
      schema: {
        tags: ['rules'],
        summary: 'Define a product, or replace its definition (ops, admin)',
        description:
          'Recorded on `catalogue-<sku>` with who did it. The same definition again is 409 `catalogue.unchanged`; ' +
          'an invalid one 422 `catalogue.invalid-product` with every problem.',
        headers: CommandHeaders,
        params: SkuParams,
        body: ProductBody,
        response: { 200: ProductAnswer, ...errorResponses(400, 403, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const { sku } = request.params;
      const command = { type: 'DefineProduct' as const, sku, ...request.body };
      const metadata = commandMetadata(request, idempotencyKeyOf(request) ?? options.newId());
      const outcome = await options.products.execute({ command, metadata });
      if (outcome.status === 'rejected') throw rejectionError(outcome.rejection);
      const defined = outcome.events[0] as ProductDefined | undefined;
      if (defined === undefined) throw new Error(`defining product ${sku} recorded nothing`);
      await untilInForce(options.inForce, outcome.events[0]?.position ?? 0);
      return { ...defined.data, tags: [...defined.data.tags] };
    },
  );

  app.get(
    '/catalogue/products/:sku',
    {
      config: { roles: ROUTE_ROLES.readCatalogue },
      schema: {
        tags: ['rules'],
        summary: 'A product as defined last',
        headers: ApiHeaders,
        params: SkuParams,
        response: { 200: ProductAnswer, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { sku } = request.params;
      const { product } = (await options.products.load(sku)).state;
      if (product === undefined) {
        throw new ApiError(404, 'catalogue.product-not-found', `there is no product ${sku}`, { sku });
      }
      return { ...product, tags: [...product.tags] };
    },
  );
};
