export { ORDINAL_PROJECTIONS } from './profile/projections.ts';
