namespace NanoKvm.Client;

/// <summary>
/// Typing (<see cref="Hid.KeyboardClient.TypeTextAsync(string, Hid.TypeTextOptions?, CancellationToken)"/>) or a
/// paste (<see cref="Hid.KeyboardClient.PasteAsync(string, string, CancellationToken)"/>) failed part-way: says how
/// many characters had been sent before the failure, so the caller can resume after them instead of typing them twice.
/// </summary>
/// <remarks>
/// <see cref="Exception.InnerException"/> is the failure itself (for example <see cref="NanoKvmBusyException"/> when
/// another input operation holds the device, or <see cref="NanoKvmTimeoutException"/>); <see cref="NanoKvmException.Endpoint"/>,
/// <see cref="NanoKvmException.StatusCode"/>, <see cref="NanoKvmException.DeviceCode"/> and
/// <see cref="NanoKvmException.DeviceMessage"/> are copied from it. "Sent" means handed to the HID socket (typing)
/// or finished by the device (paste): at least that many reached the device; of a paste request that failed, the
/// device may have typed part.
/// </remarks>
public class NanoKvmTypingException : NanoKvmException
{
    /// <summary>Creates the exception.</summary>
    public NanoKvmTypingException() : base("Typing stopped before the text was complete.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public NanoKvmTypingException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public NanoKvmTypingException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for typing that <paramref name="cause"/> stopped after <paramref name="charactersSent"/> characters.</summary>
    /// <param name="cause">The failure that stopped typing.</param>
    /// <param name="charactersSent">Characters sent before it.</param>
    /// <param name="charactersTotal">Characters the call was to send.</param>
    public NanoKvmTypingException(NanoKvmException cause, int charactersSent, int charactersTotal)
        : base(
            $"Typing stopped after {charactersSent} of {charactersTotal} characters: {cause?.Message}",
            cause?.Endpoint,
            cause?.StatusCode,
            cause?.DeviceCode,
            cause?.DeviceMessage,
            cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        CharactersSent = charactersSent;
        CharactersTotal = charactersTotal;
    }

    /// <summary>Characters sent before the failure (see the remarks for what "sent" means).</summary>
    public int CharactersSent { get; }

    /// <summary>Characters the call was to send.</summary>
    public int CharactersTotal { get; }
}
