using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Snoop.Analyzers;

/// <summary>
/// The host's callbacks for the assignments and invocations rules asked for by name (<c>Body</c>, <c>Content</c>,
/// <c>Set</c>), registered type by type: at the start of each named type, the callback for assignments is registered only
/// when the type's declarations mention one of the assignment names, and likewise for invocations.
/// <para>
/// A file has hundreds of assignments and invocations and the names are rare, so the driver is not asked to call the host
/// for every site of every type. The sites themselves still come from the driver's operation callbacks, with the trees
/// the driver builds anyway (finding them in the syntax and binding them in the analyzer moved that binding onto the
/// analyzer's clock: issue 14, rounds 2 and 6). The operation callbacks a type registers see its own members only (a
/// nested type is a type of its own), top-level statements included.
/// </para>
/// <para>
/// A mention is the name as a whole word anywhere in a declaration's text: in a comment, a string or a nested type it
/// registers a callback that finds nothing, which costs time but loses nothing, since the callback still reads each site's name. C# accepts
/// Unicode escapes in identifiers (<c>B\u006fdy</c> is <c>Body</c>) and ignores formatting characters in them, so a file
/// with either anywhere mentions every name.
/// </para>
/// </summary>
internal sealed class NamedSites
{
    private readonly string[] _assignmentNames;
    private readonly Action<OperationAnalysisContext>? _onAssignment;
    private readonly string[] _invocationNames;
    private readonly Action<OperationAnalysisContext>? _onInvocation;
    private readonly ConcurrentDictionary<SyntaxTree, TreeText> _texts = new();

    internal NamedSites(string[] assignmentNames, Action<OperationAnalysisContext>? onAssignment, string[] invocationNames, Action<OperationAnalysisContext>? onInvocation)
    {
        _assignmentNames = assignmentNames;
        _onAssignment = onAssignment;
        _invocationNames = invocationNames;
        _onInvocation = onInvocation;
    }

    /// <summary>Registers, for <paramref name="context"/>'s type, the callbacks whose names its declarations mention.</summary>
    internal void OnNamedTypeStart(SymbolStartAnalysisContext context)
    {
        // A type without declarations to read (none in source) is looked at in full.
        var references = context.Symbol.DeclaringSyntaxReferences;
        var assignments = _onAssignment is not null && references.IsEmpty;
        var invocations = _onInvocation is not null && references.IsEmpty;
        foreach (var reference in references)
        {
            var text = TextOf(reference.SyntaxTree, context.CancellationToken);
            var span = reference.Span;
            if (_onAssignment is not null && !assignments)
            {
                assignments = text.MaySpellNamesOtherwise || Mentions(text.Text, span.Start, span.End, _assignmentNames);
            }

            if (_onInvocation is not null && !invocations)
            {
                invocations = text.MaySpellNamesOtherwise || Mentions(text.Text, span.Start, span.End, _invocationNames);
            }
        }

        if (assignments)
        {
            context.RegisterOperationAction(_onAssignment!, OperationKind.SimpleAssignment);
        }

        if (invocations)
        {
            context.RegisterOperationAction(_onInvocation!, OperationKind.Invocation);
        }
    }

    private TreeText TextOf(SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
    {
        if (!_texts.TryGetValue(tree, out var text))
        {
            var source = tree.GetText(cancellationToken).ToString();
            text = _texts.GetOrAdd(tree, new TreeText(source, MaySpellNamesOtherwise(source)));
        }

        return text;
    }

    /// <summary>True when one of <paramref name="names"/> occurs in <paramref name="text"/> between <paramref name="start"/> and <paramref name="end"/> as a whole word.</summary>
    internal static bool Mentions(string text, int start, int end, string[] names)
    {
        foreach (var name in names)
        {
            for (var at = text.IndexOf(name, start, end - start, StringComparison.Ordinal);
                 at >= 0;
                 at = at + name.Length < end ? text.IndexOf(name, at + name.Length, end - at - name.Length, StringComparison.Ordinal) : -1)
            {
                if ((at == 0 || !IsIdentifierPart(text[at - 1])) && (at + name.Length == text.Length || !IsIdentifierPart(text[at + name.Length])))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// True when an identifier of <paramref name="text"/> may be written otherwise than its name: a Unicode escape
    /// (<c>\u</c>, <c>\U</c>) or a formatting character (category Cf) anywhere in it.
    /// </summary>
    internal static bool MaySpellNamesOtherwise(string text)
    {
        if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        // Four characters at a time: a bit above 0x7F in any of them means a character that is not ASCII.
        var span = text.AsSpan();
        var blocks = MemoryMarshal.Cast<char, ulong>(span);
        for (var i = 0; i < blocks.Length; i++)
        {
            if ((blocks[i] & 0xFF80_FF80_FF80_FF80UL) != 0 && HasFormatCharacter(span.Slice(i * 4, 4)))
            {
                return true;
            }
        }

        return HasFormatCharacter(span.Slice(blocks.Length * 4));
    }

    private static bool HasFormatCharacter(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            if (c > 0x7F && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

    private sealed class TreeText
    {
        public TreeText(string text, bool maySpellNamesOtherwise)
        {
            Text = text;
            MaySpellNamesOtherwise = maySpellNamesOtherwise;
        }

        public string Text { get; }

        public bool MaySpellNamesOtherwise { get; }
    }
}
