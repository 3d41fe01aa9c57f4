using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Snoop.Analyzers.Shared;

/// <content>The per-block record (<see cref="Summary"/>, <see cref="StreamWrite"/>) that <see cref="Classify"/> reads back.</content>
internal static partial class StreamWrapperWrites
{
    /// <summary>One write to a stream held by the class.</summary>
    internal sealed class StreamWrite
    {
        public StreamWrite(ISymbol receiver, bool unchanged, bool intoBuffer)
        {
            Receiver = receiver;
            Unchanged = unchanged;
            IntoBuffer = intoBuffer;
        }

        public ISymbol Receiver { get; }

        public bool Unchanged { get; }

        public bool IntoBuffer { get; }
    }

    /// <summary>What one operation block does with the written bytes (built by one thread, read at the end of the type).</summary>
    internal sealed class Summary
    {
        public Summary(IMethodSymbol? owner, bool isWriteEntry)
        {
            Owner = owner;
            IsWriteEntry = isWriteEntry;
        }

        public IMethodSymbol? Owner { get; }

        /// <summary>The block overrides a write entry point of <c>Stream</c>.</summary>
        public bool IsWriteEntry { get; }

        public List<StreamWrite> StreamWrites { get; } = new();

        /// <summary>Stream members the class created over a constructor parameter (encoders, compressors).</summary>
        public List<ISymbol> Encoders { get; } = new();

        /// <summary>Members the block adds the written length to.</summary>
        public List<ISymbol> Counters { get; } = new();

        /// <summary>Members of the class the block reads (original definitions).</summary>
        public HashSet<ISymbol> Reads { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>For a getter that only returns a member: that member.</summary>
        public ISymbol? Returns { get; set; }

        public bool CallsOwnWrite { get; set; }

        /// <summary>The buffer is changed, or handed to code that may change it.</summary>
        public bool ChangesBytes { get; set; }

        /// <summary>Something besides forwarding and counting happens (an observation).</summary>
        public bool OtherEffects { get; set; }
    }
}
