using System;

namespace Snoop;

/// <summary>
/// The text of a <see cref="ResponseBodyCapture"/>'s kept body, decoded when (and each time) something formats it:
/// a log argument that costs nothing when no logger writes the message. Get it from
/// <see cref="ResponseBodyCapture.BodyText"/>.
/// </summary>
public sealed class ResponseBodyText
{
    /// <summary>What <see cref="ToString"/> returns once the capture has ended and its bytes are gone.</summary>
    public const string EndedPlaceholder = "(response body not available: the capture ended before the text was formatted)";

    private readonly ResponseBodyCapture _capture;

    internal ResponseBodyText(ResponseBodyCapture capture)
    {
        _capture = capture;
    }

    /// <summary>The kept body decoded as <see cref="ResponseBodyCapture.GetBodyText()"/> does, or <see cref="EndedPlaceholder"/> after the capture ended.</summary>
    public override string ToString()
    {
        try
        {
            return _capture.GetBodyText();
        }
        catch (ObjectDisposedException)
        {
            return EndedPlaceholder;
        }
    }
}
