export {
  DealershipInput,
  DealershipPatch,
  DealershipId,
  ListQuery,
  listDealerships,
  getDealership,
  createDealership,
  updateDealership,
  deleteDealership,
  type Dealership,
} from './dealerships';
