namespace NanoKvm.Mcp.Hosting;

/// <summary>The <c>instructions</c> text sent to the client at initialization: how an agent should use these tools.</summary>
internal static class ServerInstructions
{
    public const string Text = """
        These tools drive one or more Sipeed NanoKVM devices. A NanoKVM is a small IP-KVM plugged into ANOTHER computer
        (the target): it types on the target's keyboard, moves its mouse, captures its HDMI screen, presses its ATX
        power/reset buttons and lends it a virtual CD-ROM or disk. The KVM and the target are different machines:
        nanokvm_info and nanokvm_hardware describe the KVM, the screenshot shows the target.

        Work in a loop: look, act, look again.
        - Take a screenshot first (nanokvm_screenshot) and after every action whose effect you need to know; video lags
          input by about a frame.
        - Coordinates for click, move, tap and drag are pixels of the most recent screenshot of that device (its width
          and height come back with it), or fractions 0..1 of it when you pass normalized=true. Before any
          screenshot, pixels are read against the screen at the size the device captures now; each result's
          "coordinates" field says which size was used. Never guess a screen size; after a scaled or cropped
          screenshot, use that image's pixels.
        - BIOS/UEFI setup, boot menus, bootloaders and some installers ignore the absolute pointer: use the keyboard
          there, or relative mouse moves/clicks.
        - nanokvm_send_text types text; it reports characters the chosen keyboard layout cannot type.
          nanokvm_type_text types key by key: speed=safe (default) for BIOS/UEFI and other firmware screens,
          speed=fast for a running operating system and long texts. Use nanokvm_send_key for single keys and
          shortcuts. Long texts take a while; ask for progress (a progressToken) so your client does not time out.

        Be careful with side effects.
        - Power actions (nanokvm_power, nanokvm_power_cycle) can destroy unsaved work on the target: use them only when
          the user clearly asked for it, and say what you are about to do.
        - Unmount any image you mount (nanokvm_unmount_iso) when you are done with it; mounting and unmounting briefly
          re-plugs the USB keyboard and mouse.
        - When several devices are configured, every tool takes an optional "device" argument; nanokvm_list_devices
          shows the names and which one is the default.
        """;
}
