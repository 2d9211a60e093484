// Every tool on the newest firmware, through the TypeScript client's output-schema validation.
import { runSituations } from './lib/run-situations.mjs';
import { newestFirmware } from './lib/situations.mjs';

runSituations('firmware 2.5.1', [], newestFirmware);
