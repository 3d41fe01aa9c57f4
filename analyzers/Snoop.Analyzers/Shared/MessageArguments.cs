using System.Collections.Generic;
using System.Text;

namespace Snoop.Analyzers.Shared;

/// <summary>Message arguments that are lists of names (descriptor formats hold all other text).</summary>
internal static class MessageArguments
{
    /// <summary>"A", "A and B", "A, B and C".</summary>
    public static string JoinNames(IReadOnlyList<string> names)
    {
        if (names.Count == 1)
        {
            return names[0];
        }

        var builder = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(i == names.Count - 1 ? " and " : ", ");
            }

            builder.Append(names[i]);
        }

        return builder.ToString();
    }
}
