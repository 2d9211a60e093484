// Firmware that lacks fields (HDMI signal, CD-ROM flag, LEDs) and a batch that stops part-way.
import { runSituations } from './lib/run-situations.mjs';
import { midFirmware, oldFirmware } from './lib/situations.mjs';

runSituations('firmware 2.2.x', ['--emulator-firmware', '2.2.x'], oldFirmware);
runSituations('firmware 2.4.x', ['--emulator-firmware', '2.4.x'], midFirmware);
