using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace NanoKvm.Mcp.Tools.Arguments;

/// <summary>What one batch step does.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchActionKind>))]
internal enum BatchActionKind
{
    [JsonStringEnumMemberName("move")]
    Move,

    [JsonStringEnumMemberName("click")]
    Click,

    [JsonStringEnumMemberName("double_click")]
    DoubleClick,

    [JsonStringEnumMemberName("drag")]
    Drag,

    [JsonStringEnumMemberName("scroll")]
    Scroll,

    [JsonStringEnumMemberName("move_relative")]
    MoveRelative,

    [JsonStringEnumMemberName("click_relative")]
    ClickRelative,

    [JsonStringEnumMemberName("type")]
    Type,

    [JsonStringEnumMemberName("key")]
    Key,

    [JsonStringEnumMemberName("wait")]
    Wait,
}

/// <summary>One step of <c>nanokvm_batch</c>. Which fields apply depends on <see cref="Action"/>.</summary>
internal sealed record BatchStep
{
    [Description("move | click | double_click | drag | scroll | move_relative | click_relative | type | key | wait.")]
    public BatchActionKind Action { get; init; }

    [Description("move/click/double_click/drag: horizontal position (screenshot pixels, or 0..1 with normalized). Omit on click/double_click to use the pointer position.")]
    public double? X { get; init; }

    [Description("move/click/double_click/drag: vertical position.")]
    public double? Y { get; init; }

    [Description("drag: end position, horizontal.")]
    public double? ToX { get; init; }

    [Description("drag: end position, vertical.")]
    public double? ToY { get; init; }

    [Description("true: x/y/to_x/to_y are fractions 0..1.")]
    public bool Normalized { get; init; }

    [Description("click/double_click/drag/click_relative: left (default), right, middle, back, forward.")]
    public MouseButtonName Button { get; init; } = MouseButtonName.Left;

    [Description("move_relative: rightwards mouse units (-4000..4000).")]
    [Range(-4000, 4000)]
    public int? Dx { get; init; }

    [Description("move_relative: downwards mouse units (-4000..4000).")]
    [Range(-4000, 4000)]
    public int? Dy { get; init; }

    [Description("scroll: wheel notches, positive down (-100..100, not 0).")]
    [Range(-100, 100)]
    public int? Amount { get; init; }

    [Description("type: the text (1-20000 characters).")]
    [Length(1, 20_000)]
    public string? Text { get; init; }

    [Description("type: keyboard layout us (default), de, fr or uk.")]
    public string? Layout { get; init; }

    [Description("type: safe (default; for BIOS/UEFI and other firmware screens) or fast (for a running operating system).")]
    public TypingSpeed? Speed { get; init; }

    [Description("key: a key or chord such as Enter, Ctrl+C, Ctrl+Alt+Delete.")]
    [Length(1, 100)]
    public string? Key { get; init; }

    [Description("key: hold it this many milliseconds (0-10000; default 0 = tap).")]
    [Range(0, 10_000)]
    public int? HoldMs { get; init; }

    [Description("wait: pause this many milliseconds (1-30000).")]
    [Range(1, 30_000)]
    public int? Ms { get; init; }
}
