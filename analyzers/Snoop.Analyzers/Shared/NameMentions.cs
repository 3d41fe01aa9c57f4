using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Snoop.Analyzers.Shared;

/// <summary>Registration of per-node operation actions behind the <see cref="NameMentions"/> prefilter.</summary>
internal static class MentionedActions
{
    /// <summary>
    /// Registers each action (a name it looks for, the callback, the operation kind) in the operation blocks whose text
    /// mentions its name: one block-start action for all of them. The callbacks keep their own name checks.
    /// </summary>
    public static void RegisterWhereMentioned(this CompilationStartAnalysisContext start, params (MentionedName Name, Action<OperationAnalysisContext> Action, OperationKind Kind)[] actions)
    {
        var mentions = NameMentions.For(start.Compilation);
        start.RegisterOperationBlockStartAction(block =>
        {
            foreach (var (name, action, kind) in actions)
            {
                if (mentions.AnyMentions(block.OperationBlocks, name))
                {
                    block.RegisterOperationAction(action, kind);
                }
            }
        });
    }
}

/// <summary>The identifiers the per-node rules look for before any semantic work.</summary>
internal enum MentionedName
{
    /// <summary><c>HttpResponse.Body</c> (SNOOP001, SNOOP002, SNOOP007).</summary>
    Body,

    /// <summary><c>HttpResponseMessage.Content</c> (SNOOP008).</summary>
    Content,

    /// <summary><c>IFeatureCollection.Set</c> (SNOOP002, SNOOP004, SNOOP007).</summary>
    Set,
}

/// <summary>
/// A text prefilter shared by the rules that inspect every assignment or invocation for one member name: where in each
/// syntax tree the identifiers <c>Body</c>, <c>Content</c> and <c>Set</c> are written, found once per tree for every
/// rule (one scan of the tree's text and one ordinal search per name) and kept per compilation, like
/// <see cref="KnownTypes"/>. A rule registers its per-node action in an operation block only when the block's text
/// mentions the name, so the driver does not call it for the assignments and invocations of the other blocks.
/// </summary>
/// <remarks>
/// The search may find more than the identifiers (a word in a comment or a string) but never less: a tree whose text
/// could spell an identifier in another way is not filtered at all. C# accepts unicode escapes in identifiers
/// (<c>B\u006fdy</c>) and ignores formatting characters in them (<c>Bo&#x200D;dy</c> is <c>Body</c>), so a tree containing
/// <c>\u</c>, <c>\U</c> or any character of the Unicode category Format mentions every name everywhere.
/// </remarks>
internal sealed class NameMentions
{
    private static readonly ConditionalWeakTable<Compilation, NameMentions> s_byCompilation = new();
    private static readonly string[] s_names = { "Body", "Content", "Set" };

    private readonly ConcurrentDictionary<SyntaxTree, TreeMentions> _trees = new();

    private NameMentions()
    {
    }

    /// <summary>The mentions of <paramref name="compilation"/>'s trees, shared by every rule analyzing the same compilation.</summary>
    public static NameMentions For(Compilation compilation) => s_byCompilation.GetValue(compilation, static _ => new NameMentions());

    /// <summary>True when the text of any of <paramref name="blocks"/> may mention <paramref name="name"/>.</summary>
    public bool AnyMentions(ImmutableArray<IOperation> blocks, MentionedName name)
    {
        foreach (var block in blocks)
        {
            var syntax = block.Syntax;
            if (syntax is null || syntax.SyntaxTree is not { } tree || Mentions(tree, syntax.FullSpan, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="span"/> of <paramref name="tree"/> may mention <paramref name="name"/>.</summary>
    public bool Mentions(SyntaxTree tree, TextSpan span, MentionedName name)
    {
        var positions = _trees.GetOrAdd(tree, static t => TreeMentions.Find(t)).Positions;
        if (positions.IsDefault)
        {
            return true;
        }

        var found = positions[(int)name];
        if (found.Length == 0)
        {
            return false;
        }

        // The first mention at or after the span's start, then whether it starts inside the span.
        var index = Array.BinarySearch(found, span.Start);
        if (index < 0)
        {
            index = ~index;
        }

        return index < found.Length && found[index] < span.End;
    }

    /// <summary>
    /// True when <paramref name="text"/> contains <c>\u</c>, <c>\U</c> or a character of the category Format. Both searches
    /// are vectorized by the runtime: backslashes by <see cref="string.IndexOf(char, int)"/>, and an all-ASCII text (the
    /// usual one) is recognized by its UTF-8 length; only a text with other characters is read one character at a time.
    /// </summary>
    internal static bool CouldSpellOtherwise(string text)
    {
        for (var at = text.IndexOf('\\'); at >= 0 && at + 1 < text.Length; at = text.IndexOf('\\', at + 1))
        {
            if (text[at + 1] is 'u' or 'U')
            {
                return true;
            }
        }

        if (Encoding.UTF8.GetByteCount(text) == text.Length)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c >= 0x80 && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAsciiIdentifierPart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';

    /// <summary>The sorted start positions of each name in one tree; default when the tree is not filtered.</summary>
    private sealed class TreeMentions
    {
        private TreeMentions(ImmutableArray<int[]> positions) => Positions = positions;

        public ImmutableArray<int[]> Positions { get; }

        public static TreeMentions Find(SyntaxTree tree)
        {
            // A tree parsed from a string keeps it: ToString() of the whole text returns it without a copy.
            var text = tree.GetText().ToString();
            if (CouldSpellOtherwise(text))
            {
                return new TreeMentions(default);
            }

            var positions = new int[s_names.Length][];
            for (var n = 0; n < s_names.Length; n++)
            {
                positions[n] = FindWord(text, s_names[n]);
            }

            return new TreeMentions(ImmutableArray.Create(positions));
        }

        /// <summary>
        /// Where <paramref name="word"/> occurs not inside a longer ASCII word (<c>ResponseBody</c>, <c>Settings</c>).
        /// A non-ASCII neighbour is taken as a boundary: that only finds more.
        /// </summary>
        private static int[] FindWord(string text, string word)
        {
            int[]? found = null;
            var count = 0;
            var at = text.IndexOf(word, StringComparison.Ordinal);
            while (at >= 0)
            {
                var end = at + word.Length;
                if ((at == 0 || !IsAsciiIdentifierPart(text[at - 1])) && (end == text.Length || !IsAsciiIdentifierPart(text[end])))
                {
                    found ??= new int[4];
                    if (count == found.Length)
                    {
                        Array.Resize(ref found, count * 2);
                    }

                    found[count++] = at;
                }

                at = end < text.Length ? text.IndexOf(word, end, StringComparison.Ordinal) : -1;
            }

            if (found is null)
            {
                return Array.Empty<int>();
            }

            Array.Resize(ref found, count);
            return found;
        }
    }
}
