namespace LoadTest.Core.Access;

/// <summary>The set prefix of a condition operator (<c>ForAnyValue:</c>, <c>ForAllValues:</c>) or none.</summary>
public enum ConditionSetQualifier
{
    None,
    ForAnyValue,
    ForAllValues,
}
