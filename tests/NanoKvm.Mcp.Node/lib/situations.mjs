// Every tool, called in the situations where a result has fields that do not apply (nothing mounted, no
// coordinates, a firmware that lacks a field, a partial batch, a timeout that is an answer). Each list runs in
// order against one fresh server, so earlier steps set up later ones (mount before unmount, and so on).
// A step with `error: true` must come back as a tool error (isError), which the client does not validate.

const ubuntu = '/data/ubuntu-24.04-live-server-amd64.iso';

/** Newest firmware (2.5.1): every tool, in its null-bearing situations and its ordinary ones. */
export const newestFirmware = [
  { tool: 'nanokvm_list_devices', situation: 'configuration only (firmware and reachable null)', args: {} },
  { tool: 'nanokvm_list_devices', situation: 'probed', args: { probe: true } },
  { tool: 'nanokvm_info', situation: 'default device', args: {} },
  { tool: 'nanokvm_hardware', situation: 'default device', args: {} },

  { tool: 'nanokvm_list_images', situation: 'nothing mounted', args: {} },
  { tool: 'nanokvm_mounted_image', situation: 'nothing mounted', args: {}, check: s => s.file === null && s.as_cdrom === null },
  { tool: 'nanokvm_unmount_iso', situation: 'nothing mounted', args: {} },
  { tool: 'nanokvm_mount_iso', situation: 'first mount (nothing before)', args: { file: ubuntu } },
  { tool: 'nanokvm_mount_iso', situation: 'replacing a mounted image, as a disk', args: { file: 'memtest86-usb.img', as_cdrom: false } },
  { tool: 'nanokvm_list_images', situation: 'an image mounted', args: {} },
  { tool: 'nanokvm_mounted_image', situation: 'an image mounted', args: {} },
  { tool: 'nanokvm_unmount_iso', situation: 'an image mounted', args: {} },
  { tool: 'nanokvm_delete_image', situation: 'an unmounted image', args: { file: 'memtest86-usb.img' } },
  { tool: 'nanokvm_download_status', situation: 'no download ever ran (percent and url null)', args: {} },
  { tool: 'nanokvm_download_image', situation: 'started without waiting', args: { url: 'http://example.invalid/later.iso', wait_seconds: 0 } },
  { tool: 'nanokvm_download_status', situation: 'during or after a download', args: {} },
  { tool: 'nanokvm_cancel_download', situation: 'a download running or finished', args: {}, errorAllowed: true },

  { tool: 'nanokvm_click', situation: 'no coordinates, before any screenshot', args: {} },
  { tool: 'nanokvm_double_click', situation: 'no coordinates', args: { button: 'right' } },
  { tool: 'nanokvm_move', situation: 'pixels before any screenshot (read against the capture size)', args: { x: 100, y: 100 },
    check: s => s.coordinates?.reference === 'capture_size' && s.coordinates.width > 0 },
  { tool: 'nanokvm_move', situation: 'normalized', args: { x: 0.5, y: 0.5, normalized: true } },
  { tool: 'nanokvm_scroll', situation: 'wheel down', args: { amount: 2 } },
  { tool: 'nanokvm_move_relative', situation: 'relative mouse', args: { dx: 30, dy: -10 } },
  { tool: 'nanokvm_click_relative', situation: 'relative mouse', args: { button: 'left' } },
  { tool: 'nanokvm_click_relative', situation: 'relative double click', args: { button: 'middle', double_click: true } },
  { tool: 'nanokvm_drag_relative', situation: 'relative mouse', args: { dx: 10, dy: 10 } },
  { tool: 'nanokvm_screenshot', situation: 'full frame', args: {} },
  { tool: 'nanokvm_screenshot', situation: 'cropped and scaled', args: { crop_x: 0.25, crop_y: 0.25, crop_width: 0.5, crop_height: 0.5, normalized: true, max_width: 200 } },
  { tool: 'nanokvm_screenshot', situation: 'full frame again (reference for pixels)', args: {} },
  { tool: 'nanokvm_click', situation: 'at pixels of the screenshot', args: { x: 200, y: 150 },
    check: s => s.coordinates?.reference === 'screenshot' },
  { tool: 'nanokvm_tap', situation: 'at pixels', args: { x: 210, y: 160 } },
  { tool: 'nanokvm_double_click', situation: 'at pixels', args: { x: 220, y: 170 } },
  { tool: 'nanokvm_drag', situation: 'pixels', args: { x: 100, y: 100, to_x: 300, to_y: 200 } },
  { tool: 'nanokvm_wait_for_change', situation: 'timeout without a screenshot (screenshot null)', args: { timeout_ms: 300, screenshot: false } },
  { tool: 'nanokvm_wait_for_change', situation: 'timeout with a screenshot', args: { timeout_ms: 300, max_width: 320, max_height: 240 } },
  { tool: 'nanokvm_wait_for_stable', situation: 'stable screen', args: { stable_ms: 200, timeout_ms: 5000, max_width: 320, max_height: 240 } },
  { tool: 'nanokvm_wait_for_stable', situation: 'without a screenshot', args: { stable_ms: 100, timeout_ms: 3000, screenshot: false } },
  { tool: 'nanokvm_hdmi_status', situation: 'firmware that reports the signal', args: {} },
  { tool: 'nanokvm_hdmi_reset', situation: 'firmware that reports the signal', args: {} },
  { tool: 'nanokvm_screen_settings', situation: 'fps and quality', args: { fps: 30, stream_quality: 80 } },

  { tool: 'nanokvm_send_text', situation: 'device paste (us)', args: { text: 'hello paste\n' } },
  { tool: 'nanokvm_send_text', situation: 'key by key (uk) with a skipped character', args: { text: '£5 ✓', language: 'uk' } },
  { tool: 'nanokvm_type_text', situation: 'safe speed', args: { text: 'typed safely' } },
  { tool: 'nanokvm_type_text', situation: 'fast speed', args: { text: 'typed fast', speed: 'fast' },
    check: s => s.typed === 10 && Number.isInteger(s.elapsed_ms) },
  // OCR (Tesseract) on the emulator's screen, which now shows the text typed above.
  { tool: 'nanokvm_read_text', situation: 'whole screen (region null)', args: {},
    check: s => s.region === null && s.text.includes('typed safely') && /^f\d+$/.test(s.frame_id) },
  { tool: 'nanokvm_read_text', situation: 'a region', args: { crop_x: 0, crop_y: 0, crop_width: 1, crop_height: 0.5, normalized: true } },
  { tool: 'nanokvm_find_text', situation: 'found', args: { text: 'typed safely' }, check: s => s.found && s.matches.length === 1 },
  { tool: 'nanokvm_find_text', situation: 'not found (no matches)', args: { regex: 'Install(ation)? complete' }, check: s => !s.found },
  { tool: 'nanokvm_wait_for_text', situation: 'already there', args: { text: 'typed fast', timeout_ms: 20000 }, check: s => s.found },
  { tool: 'nanokvm_wait_for_text', situation: 'timeout is an answer (frame null)', args: { text: 'never on screen', timeout_ms: 300 },
    check: s => !s.found && s.frame_id === null && s.width === null },
  { tool: 'nanokvm_click_text', situation: 'clicked with a post-condition (frame_check null)', args: { text: 'safely', verify_change_ms: 200 },
    check: s => s.action === 'click_text' && s.frame_check === null && typeof s.verify.changed === 'boolean' },
  { tool: 'nanokvm_click_text', situation: 'not on screen', args: { text: 'no such words' }, error: true },
  { tool: 'nanokvm_send_key', situation: 'a chord', args: { key: 'a', ctrl: true } },
  { tool: 'nanokvm_press_keys', situation: 'a sequence held briefly', args: { keys: ['Down', 'Enter'], hold_ms: 20 } },
  { tool: 'nanokvm_keyboard_leds', situation: 'firmware with LEDs', args: {} },
  { tool: 'nanokvm_release_all', situation: 'nothing held', args: {} },
  { tool: 'nanokvm_lease', situation: 'status while this client holds it', args: {}, check: s => s.holder === 'stdio' && s.you_hold === true },
  { tool: 'nanokvm_lease', situation: 'release (holder and expires_at null)', args: { action: 'release' }, check: s => s.holder === null && s.expires_at === null },
  { tool: 'nanokvm_lease', situation: 'acquire', args: { action: 'acquire' }, check: s => s.you_hold === true },
  { tool: 'nanokvm_batch', situation: 'all steps succeed (failed_step and error null)', check: s => s.failed_step === null && s.error === null, args: {
    actions: [
      { action: 'click', x: 50, y: 50 },
      { action: 'type', text: 'batch', speed: 'fast' },
      { action: 'key', key: 'Enter' },
      { action: 'wait', ms: 10 },
      { action: 'scroll', amount: -1 },
      { action: 'move_relative', dx: 5, dy: 5 },
    ],
  } },
  { tool: 'nanokvm_batch', situation: 'not bound to a frame (frame_check and verify null)', args: { actions: [{ action: 'key', key: 'Escape' }] },
    check: s => s.frame_check === null && s.verify === null },
  // A batch bound to the frame it was planned on (frame_id from the screenshot kept as 'planned').
  { tool: 'nanokvm_screenshot', situation: 'full frame a batch is planned on', args: { max_width: 0, max_height: 0 }, save: 'planned' },
  { tool: 'nanokvm_batch', situation: 'bound to an unchanged frame, with a post-condition (frame_check and verify filled)',
    args: saved => ({
      frame_id: saved.planned.frame_id,
      verify_change_ms: 3000,
      actions: [{ action: 'move', x: 0.85, y: 0.9, normalized: true }, { action: 'click' }],
    }),
    check: s => s.completed === 2 && s.frame_check.frame_id.startsWith('f') && s.frame_check.changed === false
      && s.frame_check.forced === false && /^f\d+$/.test(s.frame_check.current_frame_id) && s.verify.changed === true },
  { tool: 'nanokvm_move', situation: 'the pointer moves onto where the batch will click', args: { x: 0.3, y: 0.7, normalized: true } },
  { tool: 'nanokvm_batch', situation: 'bound to a frame that changed around a target: refused, nothing sent',
    args: saved => ({ frame_id: saved.planned.frame_id, actions: [{ action: 'click', x: 0.3, y: 0.7, normalized: true }] }),
    error: true, errorMatch: /the screen changed since that screenshot.*actions\[0\].*current screen is frame_id f\d+/s },
  { tool: 'nanokvm_batch', situation: 'the same with force (frame_check.changed true)',
    args: saved => ({ frame_id: saved.planned.frame_id, force: true, actions: [{ action: 'click', x: 0.3, y: 0.7, normalized: true }] }),
    check: s => s.completed === 1 && s.frame_check.changed === true && s.frame_check.forced === true && s.verify === null },
  { tool: 'nanokvm_reset_hid', situation: 'admin account', args: {} },

  { tool: 'nanokvm_led_status', situation: 'default', args: {} },
  { tool: 'nanokvm_power', situation: 'short press', args: { action: 'power' } },
  { tool: 'nanokvm_power', situation: 'reset', args: { action: 'reset' } },
  { tool: 'nanokvm_power_cycle', situation: 'no off time', args: { off_duration_ms: 0 } },
  { tool: 'nanokvm_wake_on_lan', situation: 'a MAC address', args: { mac: '52:54:00:12:34:56' } },
];

/** Old firmware (2.2.x): fields the firmware does not report are null; a batch stops part-way. */
export const oldFirmware = [
  { tool: 'nanokvm_hdmi_status', situation: 'firmware without the signal field', args: {} },
  { tool: 'nanokvm_hdmi_reset', situation: 'firmware without the signal field', args: {} },
  { tool: 'nanokvm_mount_iso', situation: 'firmware without a CD-ROM flag', args: { file: ubuntu } },
  { tool: 'nanokvm_mounted_image', situation: 'CD-ROM mode unknown (as_cdrom null)', args: {} },
  { tool: 'nanokvm_list_images', situation: 'an image mounted', args: {} },
  { tool: 'nanokvm_download_status', situation: 'firmware without download status', args: {}, errorAllowed: true },
  { tool: 'nanokvm_batch', situation: 'a step fails part-way (partial result)', args: {
    actions: [
      { action: 'key', key: 'a' },
      { action: 'click', button: 'back' },
      { action: 'key', key: 'b' },
    ],
  }, check: s => s.failed_step === 1 && s.completed === 1 && typeof s.error === 'string' },
  { tool: 'nanokvm_keyboard_leds', situation: 'firmware without LEDs', args: {}, error: true },
];

/** 2.4.x: HDMI signal unknown but capture on; idle timeout absent. */
export const midFirmware = [
  { tool: 'nanokvm_hdmi_status', situation: '2.4.x (signal and idle timeout null)', args: {} },
  { tool: 'nanokvm_hdmi_reset', situation: '2.4.x', args: {} },
  { tool: 'nanokvm_mounted_image', situation: 'nothing mounted on 2.4.x', args: {} },
  { tool: 'nanokvm_power', situation: '2.4.x power LED', args: { action: 'power' } },
];

/** NanoKVM-Pro 1.2.15: the tools in the Pro's own shapes (model, capture switch without a signal, mount flags). */
export const proFirmware = [
  { tool: 'nanokvm_info', situation: 'Pro (model and part number)', args: {}, check: s => s.model === 'pro' && s.part_number === 'NxaL01507' },
  { tool: 'nanokvm_hardware', situation: 'Pro', args: {}, check: s => s.generation === 'pro' },
  { tool: 'nanokvm_hdmi_status', situation: 'Pro capture switch (signal and idle timeout null)', args: {},
    check: s => s.enabled === true && s.signal === null },
  { tool: 'nanokvm_hdmi_reset', situation: 'Pro (no reset route)', args: {}, error: true },
  { tool: 'nanokvm_mount_iso', situation: 'Pro mount as CD-ROM', args: { file: ubuntu } },
  { tool: 'nanokvm_mounted_image', situation: 'Pro mounted state', args: {}, check: s => s.as_cdrom === true },
  { tool: 'nanokvm_unmount_iso', situation: 'Pro', args: {} },
  { tool: 'nanokvm_screenshot', situation: 'Pro MJPEG takes the encoder', args: {} },
  { tool: 'nanokvm_screen_settings', situation: 'Pro stream settings', args: { fps: 30, stream_quality: 80 } },
  { tool: 'nanokvm_screen_settings', situation: 'Pro has no resolution setting', args: { resolution: '1280x720' }, error: true },
  { tool: 'nanokvm_send_text', situation: 'Pro paste (us)', args: { text: 'pro paste' }, check: s => s.method === 'paste' },
  { tool: 'nanokvm_send_text', situation: 'Pro de over the WebSocket', args: { text: 'z', language: 'de' }, check: s => s.method === 'websocket' },
  { tool: 'nanokvm_keyboard_leds', situation: 'Pro has no LED state', args: {}, error: true },
  { tool: 'nanokvm_download_status', situation: 'Pro downloads route', args: {} },
  { tool: 'nanokvm_power', situation: 'Pro power LED', args: { action: 'power' } },
];
