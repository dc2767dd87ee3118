/** A mouse or trackpad that can hover: the only devices the exit-intent offer is for. */
export const DESKTOP_POINTER = '(pointer: fine) and (hover: hover)';
