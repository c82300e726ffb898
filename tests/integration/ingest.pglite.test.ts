import { ingestSuite } from './ingest-suite';

ingestSuite('ingest on the embedded PGlite database', async () => ({}));
