export { defineRoute, MAX_BODY_BYTES, type GatedHandler, type RouteAccess } from './gate';
export { can, minimumRole, rank, isRole, ROLES, type Role, type Permission } from './permissions';
export { Problem, problems, problemResponse, toProblem } from './problem';
