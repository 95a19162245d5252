/** Sample data the demo draws from: channels, products, shoppers and places in several markets. */

export interface DemoProduct {
  readonly sku: string;
  readonly name: string;
  readonly price: number;
}

export interface DemoMarket {
  readonly currency: string;
  readonly channels: readonly string[];
  readonly products: readonly DemoProduct[];
  readonly cities: readonly {
    readonly city: string;
    readonly region: string;
    readonly postalCode: string;
    readonly country: string;
  }[];
  readonly names: readonly string[];
  readonly locations: readonly string[];
  readonly carriers: readonly string[];
  readonly shippingFee: number;
}

export const DEMO_MARKETS: readonly DemoMarket[] = [
  {
    currency: 'CNY',
    channels: ['tmall', 'douyin', 'pinduoduo', 'webshop', 'pos'],
    products: [
      { sku: 'MILK-FORMULA-900G', name: 'Infant formula stage 2, 900 g', price: 32_800 },
      { sku: 'NAPPY-M-60', name: 'Nappies size M, pack of 60', price: 12_900 },
      { sku: 'TEA-LONGJING-250G', name: 'Longjing green tea, 250 g', price: 26_800 },
      { sku: 'RICE-COOKER-3L', name: 'Rice cooker 3 L', price: 49_900 },
      { sku: 'PHONE-CASE-X', name: 'Phone case, clear', price: 3_900 },
      { sku: 'SERUM-30ML', name: 'Face serum 30 ml', price: 18_800 },
    ],
    cities: [
      { city: 'Shanghai', region: 'Shanghai', postalCode: '200001', country: 'CN' },
      { city: 'Hangzhou', region: 'Zhejiang', postalCode: '310000', country: 'CN' },
      { city: 'Chengdu', region: 'Sichuan', postalCode: '610000', country: 'CN' },
      { city: 'Lhasa', region: 'Tibet', postalCode: '850000', country: 'CN' },
      { city: 'Shenzhen', region: 'Guangdong', postalCode: '518000', country: 'CN' },
    ],
    names: ['Li Wei', 'Wang Fang', 'Zhang Min', 'Liu Yang', 'Chen Jing', 'Zhao Lei'],
    locations: ['wh-shanghai', 'wh-chengdu', 'store-hangzhou-xihu'],
    carriers: ['sf-express', 'zto', 'yto'],
    shippingFee: 1_000,
  },
  {
    currency: 'EUR',
    channels: ['shopify', 'webshop', 'pos'],
    products: [
      { sku: 'COFFEE-BEANS-1KG', name: 'Coffee beans, 1 kg', price: 2_490 },
      { sku: 'MUG-STONEWARE', name: 'Stoneware mug', price: 1_450 },
      { sku: 'KETTLE-GOOSENECK', name: 'Gooseneck kettle', price: 6_900 },
      { sku: 'GRINDER-HAND', name: 'Hand grinder', price: 8_900 },
    ],
    cities: [
      { city: 'Berlin', region: 'BE', postalCode: '10115', country: 'DE' },
      { city: 'Lyon', region: 'ARA', postalCode: '69001', country: 'FR' },
      { city: 'Utrecht', region: 'UT', postalCode: '3511', country: 'NL' },
    ],
    names: ['Anna Schmidt', 'Lucas Martin', 'Sanne de Vries', 'Jonas Weber'],
    locations: ['wh-rotterdam', 'store-berlin-mitte'],
    carriers: ['dhl', 'postnl', 'colissimo'],
    shippingFee: 495,
  },
];
