namespace NanoKvm.Emulator.Diagnostics;

/// <summary>
/// Makes the next requests misbehave: fail with a status, hang until the client gives up, or drop the connection.
/// Each fault applies to requests whose path starts with its prefix (any path when null).
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<Fault> _faults = [];

    /// <summary>The next <paramref name="count"/> matching requests answer <paramref name="statusCode"/> with an empty body.</summary>
    public void FailNext(int count, int statusCode = 500, string? pathPrefix = null) =>
        Add(new Fault(FaultKind.Fail, count, statusCode, pathPrefix));

    /// <summary>The next <paramref name="count"/> matching requests never answer (until the client disconnects).</summary>
    public void HangNext(int count, string? pathPrefix = null) => Add(new Fault(FaultKind.Hang, count, 0, pathPrefix));

    /// <summary>The next <paramref name="count"/> matching requests have their connection aborted.</summary>
    public void DropNext(int count, string? pathPrefix = null) => Add(new Fault(FaultKind.Drop, count, 0, pathPrefix));

    /// <summary>Removes every pending fault.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }

    internal Fault? Take(string path)
    {
        lock (_gate)
        {
            var fault = _faults.FirstOrDefault(f => f.PathPrefix is null || path.StartsWith(f.PathPrefix, StringComparison.Ordinal));
            if (fault is null)
            {
                return null;
            }

            fault.Remaining--;
            if (fault.Remaining <= 0)
            {
                _faults.Remove(fault);
            }

            return fault;
        }
    }

    private void Add(Fault fault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Remaining, 1);
        lock (_gate)
        {
            _faults.Add(fault);
        }
    }

    internal sealed class Fault(FaultKind kind, int count, int statusCode, string? pathPrefix)
    {
        public FaultKind Kind { get; } = kind;

        public int Remaining { get; set; } = count;

        public int StatusCode { get; } = statusCode;

        public string? PathPrefix { get; } = pathPrefix;
    }

    internal enum FaultKind
    {
        Fail,
        Hang,
        Drop,
    }
}
