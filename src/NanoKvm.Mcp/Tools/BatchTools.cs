using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using NanoKvm.Client;
using NanoKvm.Client.Hid;
using NanoKvm.Mcp.Devices;
using NanoKvm.Mcp.Progress;
using NanoKvm.Mcp.Tools.Arguments;
using NanoKvm.Mcp.Tools.Results;

namespace NanoKvm.Mcp.Tools;

/// <summary>Several input actions in one call, all validated before the first is sent.</summary>
[McpServerToolType]
internal sealed class BatchTools(DeviceRegistry registry)
{
    private const int MaxSteps = 100;
    private const string FrameIdText = "Optional frame_id of the screenshot this batch was planned on: before the first step, the screen " +
        "around every position a step moves to or clicks at (move, click, double_click, both ends of a drag) is compared with " +
        "that frame, and the whole batch is refused when any of them changed (unless force=true).";

    private const string VerifyText = "Optional: after the last step, wait up to this many milliseconds (100-30000) and report whether the screen changed.";
    private static readonly TimeSpan MaxTotalWait = TimeSpan.FromSeconds(60);

    [McpServerTool(Name = "nanokvm_batch", Title = "Run a list of input actions",
        ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false, UseStructuredContent = true)]
    [Description("Runs an ordered list of keyboard/mouse steps on the TARGET in one call (fewer round trips; e.g. click a " +
        "field, type, press Enter, wait). Every step is checked before the first one is sent; a bad step rejects the whole " +
        "batch. Execution stops at the first failing step and releases all keys and buttons. Coordinates are read " +
        "against the most recent screenshot (before the first one, the screen at its current capture size). With frame_id, " +
        "the screen around every step's position is compared with that screenshot before the first step, and the whole batch " +
        "is refused (nothing sent) if it changed. Take a screenshot afterwards to see the result.")]
    public async Task<BatchResult> BatchAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("The steps, in order (1-100). Each has an \"action\" and the fields that action uses."), Length(1, MaxSteps)]
        BatchStep[] actions,
        [Description(FrameIdText)] string? frame_id = null,
        [Description(FrameBinding.ForceText)] bool force = false,
        [Description(VerifyText), Range(100, 30_000)] int? verify_change_ms = null,
        [Description(ToolText.Device)] string? device = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (actions.Length is 0 or > MaxSteps)
        {
            throw new ArgumentException($"Give 1 to {MaxSteps} steps; got {actions.Length}.", nameof(actions));
        }

        var kvm = registry.Resolve(device);
        var pixels = actions.Any(a => a is { Normalized: false } && (a.X is not null || a.Y is not null || a.ToX is not null || a.ToY is not null));
        var fractions = actions.Any(a => a is { Normalized: true } && (a.X is not null || a.Y is not null));
        await kvm.PrepareCoordinatesAsync(pixels, cancellationToken);
        await using var progress = ProgressNotifier.Start(context, cancellationToken);

        // Progress counts the characters of the type steps: each step's characters follow those of the steps before.
        var typing = new BatchTyping(progress, actions.Sum(a => a is { Action: BatchActionKind.Type, Text: { } t } ? t.Length : 0));
        var plan = actions.Select((step, i) => Plan(kvm, step, i, typing)).ToList();
        var coordinates = pixels ? MouseTools.Coordinates(kvm, normalized: false) : fractions ? MouseTools.Coordinates(kvm, normalized: true) : null;
        var totalWait = TimeSpan.FromMilliseconds(actions.Sum(a => a.Action == BatchActionKind.Wait ? a.Ms ?? 0 : (a.HoldMs ?? 0)));
        if (totalWait > MaxTotalWait)
        {
            throw new ArgumentException($"The steps wait and hold {totalWait.TotalSeconds:0.#} s in total; at most {MaxTotalWait.TotalSeconds} s per batch.", nameof(actions));
        }

        // Checked after every step is valid and before the first is sent: a changed screen refuses the batch whole.
        var targets = frame_id is null ? [] : BatchFrameTargets.Find(actions);
        var positions = targets.Select(t => Wrap(() => kvm.Screen.ToFrameFraction(t.X, t.Y, t.Normalized), t.Name)).ToList();
        using var binding = await FrameBinding.BeginAsync(
            kvm, frame_id, force, verify_change_ms, positions, [.. targets.Select(t => t.Name)], cancellationToken);

        var log = new List<string>();
        for (var i = 0; i < plan.Count; i++)
        {
            try
            {
                log.Add(await plan[i](cancellationToken));
            }
            catch (Exception e) when (e is NanoKvmException or ArgumentException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync(kvm);
                return new BatchResult(kvm.Name, i, plan.Count, i, e.Message, log, coordinates) { FrameCheck = binding.Check };
            }
        }

        return new BatchResult(kvm.Name, plan.Count, plan.Count, null, null, log, coordinates)
        {
            FrameCheck = binding.Check,
            Verify = await binding.VerifyAsync(cancellationToken),
        };
    }

    private static async Task ReleaseAsync(KvmDevice kvm)
    {
        try
        {
            await kvm.Client.Keyboard.ReleaseAllAsync(CancellationToken.None);
            await kvm.Client.Mouse.ReleaseAllAsync(CancellationToken.None);
        }
        catch (NanoKvmException)
        {
            // Best effort: the SDK also releases on reconnect.
        }
    }

    /// <summary>Checks one step completely and returns the code that runs it.</summary>
    private static Func<CancellationToken, Task<string>> Plan(KvmDevice kvm, BatchStep step, int index, BatchTyping typing)
    {
        var at = string.Create(CultureInfo.InvariantCulture, $"actions[{index}]");
        ArgumentNullException.ThrowIfNull(step, at);
        var mouse = kvm.Client.Mouse;
        var keyboard = kvm.Client.Keyboard;
        var button = MouseTools.ToSdk(step.Button);
        var name = MouseTools.Name(step.Button);
        switch (step.Action)
        {
            case BatchActionKind.Move:
            {
                var (x, y) = Point(kvm, step, at) ?? throw new ArgumentException("move needs x and y.", at);
                return async ct => { await mouse.MoveToAsync(x, y, ct); return $"{index}: move"; };
            }

            case BatchActionKind.Click:
            case BatchActionKind.DoubleClick:
            {
                var point = Point(kvm, step, at);
                var twice = step.Action == BatchActionKind.DoubleClick;
                return async ct =>
                {
                    if (point is { } p)
                    {
                        await mouse.MoveToAsync(p.X, p.Y, ct);
                    }

                    if (twice)
                    {
                        await mouse.DoubleClickAsync(button, point is null ? null : MouseMode.Absolute, ct);
                    }
                    else
                    {
                        await mouse.ClickAsync(button, point is null ? null : MouseMode.Absolute, ct);
                    }

                    return $"{index}: {(twice ? "double_click" : "click")} {name}";
                };
            }

            case BatchActionKind.Drag:
            {
                var (x, y) = Point(kvm, step, at) ?? throw new ArgumentException("drag needs x, y, to_x and to_y.", at);
                if (step.ToX is not { } tx || step.ToY is not { } ty)
                {
                    throw new ArgumentException("drag needs to_x and to_y.", at);
                }

                var (ex, ey) = Wrap(() => kvm.Screen.ToFrameFraction(tx, ty, step.Normalized), at);
                return async ct => { await mouse.DragAsync(x, y, ex, ey, button, ct); return $"{index}: drag {name}"; };
            }

            case BatchActionKind.Scroll:
            {
                var amount = step.Amount is { } a and not 0 and >= -100 and <= 100
                    ? a
                    : throw new ArgumentException("scroll needs amount between -100 and 100, not 0.", at);
                return async ct => { await mouse.ScrollAsync(amount, cancellationToken: ct); return $"{index}: scroll {amount}"; };
            }

            case BatchActionKind.MoveRelative:
            {
                var dx = step.Dx ?? 0;
                var dy = step.Dy ?? 0;
                if (dx is < -4000 or > 4000 || dy is < -4000 or > 4000 || (dx == 0 && dy == 0))
                {
                    throw new ArgumentException("move_relative needs dx and/or dy between -4000 and 4000.", at);
                }

                return async ct => { await mouse.MoveByAsync(dx, dy, ct); return $"{index}: move_relative {dx},{dy}"; };
            }

            case BatchActionKind.ClickRelative:
                if (step.Button is not (MouseButtonName.Left or MouseButtonName.Right or MouseButtonName.Middle))
                {
                    throw new ArgumentException("click_relative supports left, right and middle.", at);
                }

                return async ct => { await mouse.ClickAsync(button, MouseMode.Relative, ct); return $"{index}: click_relative {name}"; };

            case BatchActionKind.Type:
            {
                var text = step.Text is { Length: > 0 and <= KeyboardTools.MaxTextLength } t
                    ? t
                    : throw new ArgumentException($"type needs text of 1 to {KeyboardTools.MaxTextLength} characters.", at);
                var layout = string.IsNullOrEmpty(step.Layout) ? "us" : step.Layout;
                if (!KeyboardLayout.Names.Contains(layout, StringComparer.Ordinal))
                {
                    throw new ArgumentException($"layout '{layout}' is not one of {string.Join(", ", KeyboardLayout.Names)}.", at);
                }

                var options = TypingSpeeds.Options(layout, step.Speed ?? TypingSpeed.Safe);
                var offset = typing.Planned;
                typing.Planned += text.Length;
                return async ct =>
                {
                    var typed = await keyboard.TypeTextAsync(text, options, typing.Progress.Characters(offset, typing.Total, $"step {index}"), ct);
                    typing.Progress.Report(offset + text.Length, typing.Total, $"step {index}: typed {typed.TypedCharacters} characters");
                    return typed.SkippedCharacters.Count == 0
                        ? $"{index}: typed {typed.TypedCharacters} characters"
                        : $"{index}: typed {typed.TypedCharacters} characters, skipped {string.Join(" ", typed.SkippedCharacters)}";
                };
            }

            case BatchActionKind.Key:
            {
                var chord = KeyNames.ToChord(step.Key ?? string.Empty, false, false, false, false, at);

                var hold = step.HoldMs ?? 0;
                if (hold is < 0 or > 10_000)
                {
                    throw new ArgumentException("hold_ms must be between 0 and 10000.", at);
                }

                return async ct =>
                {
                    if (hold > 0)
                    {
                        await keyboard.HoldAsync(chord, TimeSpan.FromMilliseconds(hold), ct);
                    }
                    else
                    {
                        await keyboard.PressAsync(chord, ct);
                    }

                    return $"{index}: key {chord}";
                };
            }

            case BatchActionKind.Wait:
            {
                var ms = step.Ms is { } m and >= 1 and <= 30_000 ? m : throw new ArgumentException("wait needs ms between 1 and 30000.", at);
                return async ct => { await Task.Delay(ms, ct); return $"{index}: wait {ms} ms"; };
            }

            default:
                throw new ArgumentException($"Unknown action '{step.Action}'.", at);
        }
    }

    private static (double X, double Y)? Point(KvmDevice kvm, BatchStep step, string at) => (step.X, step.Y) switch
    {
        (null, null) => null,
        ({ } x, { } y) => Wrap(() => kvm.Screen.ToFrameFraction(x, y, step.Normalized), at),
        _ => throw new ArgumentException("Give both x and y, or neither.", at),
    };

    private static T Wrap<T>(Func<T> map, string at)
    {
        try
        {
            return map();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{e.ParamName}: {e.Message.Split(" (Parameter", 2)[0]}", at, e);
        }
    }

    /// <summary>Progress of a batch's type steps: the notifier, all their characters, and where the next planned step starts.</summary>
    private sealed class BatchTyping(ProgressNotifier progress, int total)
    {
        public ProgressNotifier Progress { get; } = progress;

        public int Total { get; } = total;

        public int Planned { get; set; }
    }
}
