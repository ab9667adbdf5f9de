namespace LoadTest.Core.Access;

/// <summary>
/// The condition operators the evaluator understands: the string, ARN, Bool and Null families
/// that Bedrock access policies and Region-restricting SCPs use. <c>...IfExists</c> and the
/// <c>ForAnyValue:</c> / <c>ForAllValues:</c> prefixes are separate flags on <see cref="PolicyCondition"/>.
/// </summary>
public enum ConditionOperator
{
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Bool,
    Null,
}
