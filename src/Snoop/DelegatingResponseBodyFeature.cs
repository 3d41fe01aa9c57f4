using System;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http.Features;

namespace Snoop;

/// <summary>
/// An <see cref="IHttpResponseBodyFeature"/> that forwards every member to the feature it wraps:
/// <see cref="Stream"/>, <see cref="Writer"/> (the server's own writer, not a pipe over a stream),
/// <see cref="DisableBuffering"/>, <see cref="StartAsync"/>, <see cref="SendFileAsync"/> (the server's
/// send-file path, not a copy) and <see cref="CompleteAsync"/>. Derive from it to decorate one member and
/// keep the rest; install it with <see cref="ResponseCapture.Decorate"/>, which restores the previous feature.
/// </summary>
public class DelegatingResponseBodyFeature : IHttpResponseBodyFeature
{
    /// <summary>Creates a feature that forwards to <paramref name="innerFeature"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="innerFeature"/> is <see langword="null"/>.</exception>
    public DelegatingResponseBodyFeature(IHttpResponseBodyFeature innerFeature)
    {
        InnerFeature = innerFeature ?? throw new ArgumentNullException(nameof(innerFeature));
    }

    /// <summary>The feature every member forwards to (the one that was installed before this one).</summary>
    public IHttpResponseBodyFeature InnerFeature { get; }

    /// <inheritdoc />
    public virtual Stream Stream => InnerFeature.Stream;

    /// <inheritdoc />
    public virtual PipeWriter Writer => InnerFeature.Writer;

    /// <inheritdoc />
    public virtual void DisableBuffering() => InnerFeature.DisableBuffering();

    /// <inheritdoc />
    public virtual Task StartAsync(CancellationToken cancellationToken = default) => InnerFeature.StartAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
        => InnerFeature.SendFileAsync(path, offset, count, cancellationToken);

    /// <inheritdoc />
    public virtual Task CompleteAsync() => InnerFeature.CompleteAsync();
}
