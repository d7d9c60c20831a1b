import { describeFuzz } from './campaigns/fuzz.js';
import { workerHardeningTarget } from './support/worker-target.js';

// Campaign 1 through the Worker in the run's one workerd (KV).
describeFuzz(() => workerHardeningTarget());
