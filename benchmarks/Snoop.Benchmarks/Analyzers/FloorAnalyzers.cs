using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Snoop.Analyzers;
using Snoop.Benchmarks.Floor;

namespace Snoop.Benchmarks.Analyzers;

/// <summary>
/// The registration floor: one analyzer with the registrations of Snoop's two hosts (every assignment, every invocation,
/// every named type at symbol start) whose callbacks only read the member name or base types the rules start from
/// (<see cref="FloorCallbacks"/>, which the csc measurement loads as two analyzers, one per host). No analyzer that looks
/// at these sites can cost less under the driver's telemetry.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RegistrationFloorAnalyzer() : FloorAnalyzer(start =>
{
    FloorCallbacks.RegisterSites(start);
    FloorCallbacks.RegisterTypes(start);
});

/// <summary>One Snoop rule alone in a host of its own: the per-rule measurement (one analyzer per rule).</summary>
#pragma warning disable RS1001 // Built by the benchmark for one rule, never loaded by a compiler.
public sealed class SingleRuleHost(SnoopRule rule) : RuleHostAnalyzer(rule);
#pragma warning restore RS1001
