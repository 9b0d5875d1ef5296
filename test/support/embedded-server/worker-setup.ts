import { inject } from 'vitest';

// Handed to test/support/test-database.ts through the environment: it is also loaded by scripts outside vitest,
// where `inject` does not exist.
const url = inject('embeddedServerUrl');
if (url && !process.env.DATABASE_URL) process.env.FLOTILLA_TEST_SERVER_URL = url;
