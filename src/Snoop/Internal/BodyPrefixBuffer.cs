using System;
using System.Buffers;

namespace Snoop.Internal;

/// <summary>
/// Keeps the first <c>max</c> bytes of a body in a pooled array. Thread-safe; once full, appends cost a
/// field read. The array goes back to the pool on <see cref="Release"/>, after which appends are ignored;
/// an array outgrown while <see cref="Memory"/> may still view it is left to the garbage collector.
/// Locks on itself (it is internal and sealed, so no one else can): one object less per captured request.
/// </summary>
internal sealed class BodyPrefixBuffer
{
    private const int InitialSize = 4096;

    private readonly int _max;
    private byte[]? _array;
    private int _length;
    private volatile bool _stopped;
    private volatile bool _truncated;
    private volatile bool _released;
    private bool _arrayExposed;

    public BodyPrefixBuffer(int max)
    {
        // No array can hold more than Array.MaxLength bytes: a larger limit keeps that much.
        _max = Math.Min(max, Array.MaxLength);
        _stopped = _max == 0;
    }

    public int Max => _max;

    /// <summary>True when body bytes reached this layer that the buffer did not keep.</summary>
    public bool IsTruncated => _truncated;

    public bool IsReleased => _released;

    /// <summary>The length of the array currently held (0 before the first byte): it grows with the body, not with the limit.</summary>
    public int Capacity
    {
        get
        {
            lock (this)
            {
                return _array?.Length ?? 0;
            }
        }
    }

    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            lock (this)
            {
                if (_released)
                {
                    throw new ObjectDisposedException(nameof(ResponseBodyCapture), "The capture has ended and its buffer was returned to the pool; read Body or GetBodyText() before disposing the capture.");
                }

                if (_array is null)
                {
                    return ReadOnlyMemory<byte>.Empty;
                }

                _arrayExposed = true;
                return new ReadOnlyMemory<byte>(_array, 0, _length);
            }
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_stopped)
        {
            MarkDropped();
            return;
        }

        lock (this)
        {
            if (_stopped)
            {
                MarkDropped();
                return;
            }

            var take = Math.Min(_max - _length, data.Length);
            EnsureCapacity(_length + take);
            data.Slice(0, take).CopyTo(_array.AsSpan(_length));
            _length += take;
            if (take < data.Length)
            {
                _truncated = true;
            }

            if (_length == _max)
            {
                _stopped = true;
            }
        }
    }

    /// <summary>Body bytes went past this layer without being seen (send-file): the prefix ends here.</summary>
    public void Skip(long count)
    {
        if (count <= 0)
        {
            return;
        }

        lock (this)
        {
            _stopped = true;
            MarkDropped();
        }
    }

    /// <summary>An unknown number of body bytes may have gone past this layer unseen (a failed send-file): the prefix ends here.</summary>
    public void Interrupt()
    {
        lock (this)
        {
            _stopped = true;
            MarkDropped();
        }
    }

    public void Release()
    {
        byte[]? array;
        lock (this)
        {
            if (_released)
            {
                return;
            }

            _released = true;
            _stopped = true;
            array = _array;
            _array = null;
            _length = 0;
        }

        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private void MarkDropped()
    {
        if (!_released)
        {
            _truncated = true;
        }
    }

    /// <summary>
    /// The next array size: double the current one (at least <see cref="InitialSize"/> and at least what is
    /// needed), never more than the limit. Computed in 64 bits so that doubling past 1 GiB cannot overflow.
    /// </summary>
    internal static int NextCapacity(int current, int needed, int max)
    {
        var doubled = Math.Max((long)current * 2, InitialSize);
        return (int)Math.Min(max, Math.Max(needed, doubled));
    }

    private void EnsureCapacity(int needed)
    {
        if (_array is not null && _array.Length >= needed)
        {
            return;
        }

        var size = NextCapacity(_array?.Length ?? 0, needed, _max);
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        if (_array is not null)
        {
            _array.AsSpan(0, _length).CopyTo(bigger);

            // Memory handed out earlier views the old array: only the garbage collector may take it back then,
            // or another request renting it from the pool would overwrite what the application still reads.
            if (!_arrayExposed)
            {
                ArrayPool<byte>.Shared.Return(_array);
            }
        }

        _array = bigger;
        _arrayExposed = false;
    }
}
