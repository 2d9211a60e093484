using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Emulator.Auth;

/// <summary>
/// Accounts, the JWT signing secret and session validity. Like the device: a new random secret at every start
/// (so a restart logs everybody out), token versions per user on multi-user firmware, optional per-IP lockout.
/// </summary>
public sealed class AuthState
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromSeconds(2_678_400);

    private readonly FirmwareProfile _profile;
    private readonly EmulatorOptions _options;
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IPAddress, FailureRecord> _failures = new();
    private readonly object _gate = new();
    private byte[] _secret = RandomNumberGenerator.GetBytes(64);
    private CancellationTokenSource _serverLifetime = new();
    private int _loginSuccesses;
    private int _loginFailures;

    internal AuthState(FirmwareProfile profile, EmulatorOptions options)
    {
        _profile = profile;
        _options = options;
        _accounts[options.Username] = new Account(options.Username, options.Password, true);
        foreach (var extra in options.ExtraAccounts)
        {
            _accounts[extra.Username] = new Account(extra.Username, extra.Password, extra.IsAdmin);
        }
    }

    /// <summary>Successful logins so far.</summary>
    public int LoginSuccesses => Volatile.Read(ref _loginSuccesses);

    /// <summary>Failed logins so far (wrong password, locked, malformed).</summary>
    public int LoginFailures => Volatile.Read(ref _loginFailures);

    /// <summary>Whether the account still has the factory password (drives <c>GET /api/auth/password</c>).</summary>
    public bool IsDefaultPassword(string username) =>
        _accounts.TryGetValue(username, out var a) && a.Password == "admin";

    /// <summary>Invalidates every token, as a service restart with an unset <c>jwt.secretKey</c> does.</summary>
    public void RotateSecret()
    {
        CancellationTokenSource old;
        lock (_gate)
        {
            _secret = RandomNumberGenerator.GetBytes(64);
            old = _serverLifetime;
            _serverLifetime = new CancellationTokenSource();
        }

        old.Cancel();
        old.Dispose();
    }

    /// <summary>
    /// Revokes sessions: on multi-user firmware those of <paramref name="username"/> (all users when null) by
    /// bumping token versions; on older firmware every session, by rotating the secret (what logout does there).
    /// </summary>
    public void RevokeSessions(string? username = null)
    {
        if (_profile.IsPro)
        {
            // Pro service/auth/logout.go: a new secret only; open WebSockets and MJPEG streams are not ended
            // (middleware/jwt.go checks tokens at the request only).
            lock (_gate)
            {
                _secret = RandomNumberGenerator.GetBytes(64);
            }

            return;
        }

        if (!_profile.HasRoles)
        {
            RotateSecret();
            return;
        }

        foreach (var account in _accounts.Values)
        {
            if (username is null || account.Username == username)
            {
                account.Revoke();
            }
        }
    }

    internal LoginOutcome Login(string username, string password, IPAddress remote)
    {
        var now = _options.TimeProvider.GetUtcNow();
        if (_profile.LockoutAvailable && _options.LockoutEnabled
            && _failures.TryGetValue(remote, out var record) && record.LockedUntil > now)
        {
            Interlocked.Increment(ref _loginFailures);
            return LoginOutcome.Locked;
        }

        if (!_accounts.TryGetValue(username, out var account) || account.Password != password || !account.Enabled)
        {
            Interlocked.Increment(ref _loginFailures);
            RegisterFailure(remote, now);
            return LoginOutcome.Invalid;
        }

        _failures.TryRemove(remote, out _);
        Interlocked.Increment(ref _loginSuccesses);
        return LoginOutcome.Success;
    }

    internal string IssueToken(string username)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var claims = new JsonObject
        {
            ["username"] = username,
            ["exp"] = (now + TokenLifetime).ToUnixTimeSeconds(),
        };
        if (_profile.HasRoles)
        {
            claims["tokenVersion"] = _accounts[username].TokenVersion;
            claims["sub"] = username;
            claims["iat"] = now.ToUnixTimeSeconds();
        }

        lock (_gate)
        {
            return JwtCodec.Sign(claims, _secret);
        }
    }

    internal Principal? Validate(string? token)
    {
        if (_options.AuthenticationDisabled)
        {
            return new Principal("admin", true, ServerLifetime, CancellationToken.None);
        }

        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        byte[] secret;
        CancellationToken lifetime;
        lock (_gate)
        {
            secret = _secret;
            lifetime = _serverLifetime.Token;
        }

        var claims = JwtCodec.Verify(token, secret);
        if (claims?["username"]?.GetValue<string>() is not { } username
            || claims["exp"]?.GetValue<long>() is not { } exp
            || exp < _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds()
            || !_accounts.TryGetValue(username, out var account))
        {
            return null;
        }

        if (!_profile.HasRoles)
        {
            return new Principal(username, true, lifetime, CancellationToken.None);
        }

        if (claims["tokenVersion"]?.GetValue<long>() is not { } version || version != account.TokenVersion
            || claims["sub"]?.GetValue<string>() != username || !account.Enabled)
        {
            return null;
        }

        return new Principal(username, account.IsAdmin, lifetime, account.Revocation);
    }

    internal CancellationToken ServerLifetime
    {
        get
        {
            lock (_gate)
            {
                return _serverLifetime.Token;
            }
        }
    }

    private void RegisterFailure(IPAddress remote, DateTimeOffset now)
    {
        if (!_profile.LockoutAvailable || !_options.LockoutEnabled)
        {
            return;
        }

        _failures.AddOrUpdate(
            remote,
            _ => new FailureRecord(1, now, DateTimeOffset.MinValue),
            (_, r) =>
            {
                var count = now - r.LastFailure > _options.LockoutDuration ? 1 : r.Count + 1;
                var lockedUntil = count >= _options.LockoutMaxFailures ? now + _options.LockoutDuration : r.LockedUntil;
                return new FailureRecord(count, now, lockedUntil);
            });
    }

    private sealed record FailureRecord(int Count, DateTimeOffset LastFailure, DateTimeOffset LockedUntil);

    private sealed class Account(string username, string password, bool isAdmin)
    {
        private CancellationTokenSource _revocation = new();

        public string Username { get; } = username;

        public string Password { get; } = password;

        public bool IsAdmin { get; } = isAdmin;

        public bool Enabled { get; } = true;

        // Random and non-zero, and may exceed 2^53 like the firmware's.
        public long TokenVersion { get; private set; } = NewVersion();

        public CancellationToken Revocation => _revocation.Token;

        public void Revoke()
        {
            TokenVersion = NewVersion();
            var old = Interlocked.Exchange(ref _revocation, new CancellationTokenSource());
            old.Cancel();
            old.Dispose();
        }

        private static long NewVersion() => RandomNumberGenerator.GetInt32(1, int.MaxValue) * 4_294_967_296L + 17;
    }
}

internal enum LoginOutcome
{
    Success,
    Invalid,
    Locked,
}
