using System.Globalization;
using System.Text.RegularExpressions;
using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>Timestamps and durations (langdef.md "Timestamp and Duration"), to .NET's 100 ns tick.</summary>
internal static partial class Time
{
    private static readonly DateTime Min = new(1, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Max = new DateTime(9999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(TimeSpan.TicksPerSecond - 1);
    // cel-go's duration range, which the API server has: a Go time.Duration, int64 nanoseconds (about ±292 years),
    // narrower than protobuf's ±10,000 years, so the difference of two distant timestamps is a range error.
    private const long MaxDurationTicks = long.MaxValue / 100;

    public static CelTimestamp Add(CelTimestamp t, TimeSpan d)
    {
        var ticks = (decimal)t.Utc.Ticks + d.Ticks;
        if (ticks < Min.Ticks || ticks > Max.Ticks) throw Errors.Overflow();
        return new CelTimestamp(new DateTime((long)ticks, DateTimeKind.Utc));
    }

    public static CelDuration Duration(long a, long b, int sign)
    {
        var ticks = (decimal)a + sign * (decimal)b;
        if (Math.Abs(ticks) > MaxDurationTicks) throw Errors.Overflow();
        return new CelDuration(TimeSpan.FromTicks((long)ticks));
    }

    public static void Register(FunctionRegistry r)
    {
        r.Global("timestamp", 1, a => a[0] switch
        {
            CelTimestamp t => t,
            string s => ParseTimestamp(s),
            long l => Add(new CelTimestamp(DateTime.UnixEpoch), l is > -100_000_000_000_000 and < 100_000_000_000_000 ? TimeSpan.FromSeconds(l) : throw Errors.Overflow()),
            var v => throw Errors.NoOverload("timestamp", v),
        });
        r.Global("duration", 1, a => a[0] switch
        {
            CelDuration d => d,
            string s => ParseDuration(s),
            var v => throw Errors.NoOverload("duration", v),
        });
        Getter(r, "getFullYear", t => t.Year, null);
        Getter(r, "getMonth", t => t.Month - 1, null);
        Getter(r, "getDate", t => t.Day, null);
        Getter(r, "getDayOfMonth", t => t.Day - 1, null);
        Getter(r, "getDayOfWeek", t => (int)t.DayOfWeek, null);
        Getter(r, "getDayOfYear", t => t.DayOfYear - 1, null);
        Getter(r, "getHours", t => t.Hour, d => (long)d.TotalHours);
        Getter(r, "getMinutes", t => t.Minute, d => (long)d.TotalMinutes);
        Getter(r, "getSeconds", t => t.Second, d => (long)d.TotalSeconds);
        Getter(r, "getMilliseconds", t => t.Millisecond, d => d.Milliseconds);
    }

    private static void Getter(FunctionRegistry r, string name, Func<DateTime, int> ts, Func<TimeSpan, long>? dur)
    {
        r.Member(name, 1, a => a[0] switch
        {
            CelTimestamp t => (long)ts(t.Utc),
            CelDuration d when dur != null => dur(d.Span),
            var v => throw Errors.NoOverload(name, v),
        });
        r.Member(name, 2, a => a[0] is CelTimestamp t && a[1] is string tz
            ? (long)ts(InZone(t.Utc, tz))
            : throw Errors.NoOverload(name, a));
    }

    private static DateTime InZone(DateTime utc, string tz)
    {
        var m = OffsetPattern().Match(tz);
        if (m.Success)
        {
            var off = new TimeSpan(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), 0);
            return utc + (m.Groups[1].Value == "-" ? -off : off);
        }
        try { return TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById(tz)); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new CelEvalException($"unknown time zone: {tz}");
        }
    }

    [GeneratedRegex(@"^([+-]?)(\d{1,2}):(\d{2})$")]
    private static partial Regex OffsetPattern();

    private static CelTimestamp ParseTimestamp(string s)
    {
        if (!DateTimeOffset.TryParseExact(s, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
                CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var dto)
            && !TryParseNanos(s, out dto))
            throw new CelEvalException($"type conversion error from 'string' to 'google.protobuf.Timestamp': {s}");
        return new CelTimestamp(dto.UtcDateTime);
    }

    // RFC 3339 with 8 or 9 fractional digits: .NET stops at 7, so the nanoseconds past 100 ns are dropped.
    private static bool TryParseNanos(string s, out DateTimeOffset dto)
    {
        var m = NanosPattern().Match(s);
        dto = default;
        return m.Success && DateTimeOffset.TryParseExact(m.Groups[1].Value + m.Groups[2].Value[..7] + m.Groups[3].Value,
            "yyyy-MM-dd'T'HH:mm:ss.fffffffK", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out dto);
    }

    [GeneratedRegex(@"^(.*T[0-9:]+\.)(\d{8,9})(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex NanosPattern();

    private static CelDuration ParseDuration(string s)
    {
        // Go's time.ParseDuration takes a bare zero without a unit.
        if (s is "0" or "+0" or "-0") return new CelDuration(TimeSpan.Zero);
        var m = DurationPattern().Match(s);
        if (!m.Success || s is "" or "-" or "+") throw new CelEvalException($"type conversion error from 'string' to 'google.protobuf.Duration': {s}");
        decimal ticks = 0;
        foreach (Capture c in m.Groups[2].Captures)
        {
            var part = PartPattern().Match(c.Value);
            var n = decimal.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += n * part.Groups[2].Value switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => 10,
                _ => 0.01m,
            };
        }
        if (m.Groups[1].Value == "-") ticks = -ticks;
        if (Math.Abs(ticks) > MaxDurationTicks) throw new CelEvalException($"duration out of range: {s}");
        return new CelDuration(TimeSpan.FromTicks((long)ticks));
    }

    [GeneratedRegex(@"^([+-]?)((?:\d+(?:\.\d*)?|\.\d+)(?:h|ms|m|s|us|µs|ns))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^([\d.]+)(\w+|µs)$")]
    private static partial Regex PartPattern();

    public static string Format(CelTimestamp t)
    {
        var frac = t.Utc.Ticks % TimeSpan.TicksPerSecond;
        return t.Utc.ToString(frac == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    public static string Format(CelDuration d) =>
        ((decimal)d.Span.Ticks / TimeSpan.TicksPerSecond).ToString("0.#########", CultureInfo.InvariantCulture) + "s";
}
