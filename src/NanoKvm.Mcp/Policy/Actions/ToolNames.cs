namespace NanoKvm.Mcp.Policy.Actions;

/// <summary>The server's tool names, as the action table and the policy file spell them.</summary>
internal static class ToolNames
{
    public const string Info = "nanokvm_info";
    public const string Hardware = "nanokvm_hardware";
    public const string ListDevices = "nanokvm_list_devices";
    public const string Power = "nanokvm_power";
    public const string PowerCycle = "nanokvm_power_cycle";
    public const string LedStatus = "nanokvm_led_status";
    public const string WakeOnLan = "nanokvm_wake_on_lan";
    public const string ListImages = "nanokvm_list_images";
    public const string MountedImage = "nanokvm_mounted_image";
    public const string MountIso = "nanokvm_mount_iso";
    public const string UnmountIso = "nanokvm_unmount_iso";
    public const string DeleteImage = "nanokvm_delete_image";
    public const string DownloadImage = "nanokvm_download_image";
    public const string DownloadStatus = "nanokvm_download_status";
    public const string CancelDownload = "nanokvm_cancel_download";
    public const string Screenshot = "nanokvm_screenshot";
    public const string WaitForChange = "nanokvm_wait_for_change";
    public const string WaitForStable = "nanokvm_wait_for_stable";
    public const string HdmiStatus = "nanokvm_hdmi_status";
    public const string ReadText = "nanokvm_read_text";
    public const string FindText = "nanokvm_find_text";
    public const string WaitForText = "nanokvm_wait_for_text";
    public const string ClickText = "nanokvm_click_text";
    public const string HdmiReset = "nanokvm_hdmi_reset";
    public const string ScreenSettings = "nanokvm_screen_settings";
    public const string SendText = "nanokvm_send_text";
    public const string TypeText = "nanokvm_type_text";
    public const string SendKey = "nanokvm_send_key";
    public const string PressKeys = "nanokvm_press_keys";
    public const string KeyboardLeds = "nanokvm_keyboard_leds";
    public const string Move = "nanokvm_move";
    public const string Click = "nanokvm_click";
    public const string Tap = "nanokvm_tap";
    public const string DoubleClick = "nanokvm_double_click";
    public const string Drag = "nanokvm_drag";
    public const string Scroll = "nanokvm_scroll";
    public const string MoveRelative = "nanokvm_move_relative";
    public const string ClickRelative = "nanokvm_click_relative";
    public const string DragRelative = "nanokvm_drag_relative";
    public const string Batch = "nanokvm_batch";
    public const string ReleaseAll = "nanokvm_release_all";
    public const string ResetHid = "nanokvm_reset_hid";
    public const string Lease = "nanokvm_lease";
}
