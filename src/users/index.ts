export { ProfilePatch, getProfile, updateProfile } from './profile';
