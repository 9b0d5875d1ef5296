import { SetMetadata } from '@nestjs/common';

export const ABOUT_THE_CALLER = 'flotilla:about-the-caller';

/**
 * A route that answers questions about the caller itself (who am I, may I): every authenticated caller may ask,
 * whatever it may do elsewhere. The auth guard honours it after authenticating.
 */
export const AboutTheCaller = () => SetMetadata(ABOUT_THE_CALLER, true);
