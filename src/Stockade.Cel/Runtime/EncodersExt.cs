using Stockade.Cel.Values;

namespace Stockade.Cel.Runtime;

/// <summary>
/// cel-go's encoders extension (ext.Encoders): base64.encode/decode. The API server does not
/// enable it, so only <see cref="FunctionRegistry.CelGoExtended"/> registers it.
/// </summary>
internal static class EncodersExt
{
    public static void Register(FunctionRegistry r)
    {
        r.Global("base64.encode", 1, a => a[0] is CelBytes b ? Convert.ToBase64String(b.Data) : throw Errors.NoOverload("base64.encode", a));
        r.Global("base64.decode", 1, a =>
        {
            var s = StringsExt.S(a, 0, "base64.decode");
            // cel-go accepts the standard alphabet with or without padding.
            var padded = s.Length % 4 == 0 ? s : s + new string('=', 4 - s.Length % 4);
            try
            {
                return new CelBytes(Convert.FromBase64String(padded));
            }
            catch (FormatException e)
            {
                throw new CelEvalException("base64.decode: " + e.Message);
            }
        });
    }
}
