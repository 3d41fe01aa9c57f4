using System;
using System.Runtime.InteropServices;

namespace Snoop;

/// <summary>What one response did, as seen by a capture.</summary>
/// <param name="StatusCode">
/// The status code the server sent, or will send: the last value set before the response started,
/// 200 when never set, 500 when an exception escaped before the response started.
/// </param>
/// <param name="BytesWritten">
/// Body bytes written through <c>Response.Body</c>, <c>Response.BodyWriter</c> and <c>SendFileAsync</c>,
/// each counted once, at the layer where the capture was installed.
/// </param>
/// <param name="Duration">Time from the start of the capture to its end.</param>
/// <param name="Started">Whether the response had started (headers sent or being sent).</param>
/// <param name="Aborted">
/// Whether the response was cut short: the client disconnected, or an exception escaped after the
/// response started (the server then aborts the connection or resets the stream).
/// </param>
/// <remarks>
/// Laid out by the runtime (<see cref="LayoutKind.Auto"/>): 24 bytes rather than the 32 of declaration order, which
/// is what the <c>Task&lt;ResponseMetrics&gt;</c> of <c>CaptureMetricsAsync</c> carries on every request.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly record struct ResponseMetrics(int StatusCode, long BytesWritten, TimeSpan Duration, bool Started, bool Aborted);
