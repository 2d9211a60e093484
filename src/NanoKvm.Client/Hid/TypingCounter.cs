namespace NanoKvm.Client.Hid;

/// <summary>Counts the characters a typing or paste call has sent, reports them, and names them when the call fails.</summary>
internal sealed class TypingCounter(int total, IProgress<TypingProgress>? progress)
{
    public int Total { get; } = total;

    public int Sent { get; private set; }

    public void Add(int characters)
    {
        if (characters <= 0)
        {
            return;
        }

        Sent += characters;
        progress?.Report(new TypingProgress(Sent, Total));
    }

    public NanoKvmTypingException Interrupted(NanoKvmException cause) => new(cause, Sent, Total);
}
