using System;

namespace Snoop.Internal;

/// <summary>UTF-8 facts the body capture needs without a decoder.</summary>
internal static class Utf8Text
{
    /// <summary>
    /// The length of <paramref name="bytes"/> without an incomplete multi-byte sequence at its end (a body cut by
    /// the capture limit). Bytes that are invalid anyway are kept: the decoder replaces them as usual.
    /// </summary>
    public static int CompletePrefixLength(ReadOnlySpan<byte> bytes)
    {
        // A sequence is at most 4 bytes: its lead byte is among the last 4 if it is cut.
        var stop = Math.Max(0, bytes.Length - 4);
        for (var i = bytes.Length - 1; i >= stop; i--)
        {
            var b = bytes[i];
            if ((b & 0xC0) == 0x80)
            {
                continue; // a continuation byte: the lead is further back
            }

            var needed = (b & 0x80) == 0 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 1;
            return i + needed > bytes.Length ? i : bytes.Length;
        }

        return bytes.Length;
    }
}
