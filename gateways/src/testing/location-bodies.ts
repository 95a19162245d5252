/** A valid `POST /locations` body: a warehouse in Shanghai. */
export const shanghaiWarehouse = {
  locationId: 'wh-sh',
  name: 'Shanghai DC',
  kind: 'warehouse',
  coordinates: { lat: 31.23, lng: 121.47 },
  region: 'CN-31',
  country: 'CN',
  capabilities: ['fragile', 'express'],
  dailyCapacity: 5000,
  active: true,
};
