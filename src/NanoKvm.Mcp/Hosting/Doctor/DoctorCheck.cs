namespace NanoKvm.Mcp.Hosting.Doctor;

/// <summary>How a check ended.</summary>
internal enum CheckOutcome
{
    Passed,
    Failed,

    /// <summary>Not run because an earlier check it needs failed.</summary>
    Skipped,

    /// <summary>Optional and missing: reported, but the doctor still passes.</summary>
    Note,
}

/// <summary>One line of the doctor's report: what was checked, what was found and, when it failed, what to do.</summary>
internal sealed record DoctorCheck(string Name, CheckOutcome Outcome, string Detail, string? Fix = null)
{
    public static DoctorCheck Pass(string name, string detail) => new(name, CheckOutcome.Passed, detail);

    public static DoctorCheck Fail(string name, string detail, string fix) => new(name, CheckOutcome.Failed, detail, fix);

    public static DoctorCheck Skip(string name) => new(name, CheckOutcome.Skipped, "skipped (needs the check above)");
}
