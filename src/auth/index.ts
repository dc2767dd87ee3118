export { auth, MIN_PASSWORD_LENGTH, type Auth } from './auth';
export { readSession, withPrincipal, type Principal, type SessionUser } from './principal';
export { signInBlockedFor, recordSignInFailure, recordSignInSuccess } from './throttle';
