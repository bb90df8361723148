/** A time of day, `hh:mm` on a 24-hour clock (00:00 to 23:59). NOT exported from the package. */
export const TIME_OF_DAY = /^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$/;
