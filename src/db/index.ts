export * as schema from './schema';
export { database, installDatabase, openPglite, openPostgres, runMigrations, type Database } from './client';
export { withTenant, withUser, withMembership, withSystem, enterTenant, APP_ROLE, SYSTEM_ROLE, type Tx } from './scope';
