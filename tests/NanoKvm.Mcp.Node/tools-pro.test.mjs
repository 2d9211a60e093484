// The NanoKVM-Pro (1.2.15): every result validated against its outputSchema by the official TypeScript client.
import { runSituations } from './lib/run-situations.mjs';
import { proFirmware } from './lib/situations.mjs';

runSituations('NanoKVM-Pro 1.2.15', ['--emulator-firmware', 'pro-1.2.15'], proFirmware);
