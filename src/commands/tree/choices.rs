//! The `choices!` macro: the fixed values of an option, declared once on the enum they stand
//! for.

/// Declares an option's fixed values on the enum they stand for. Each variant gets a
/// [`Choice`](crate::commands::tree::Choice): the value Discord sends back and the label it
/// shows. From them come the `CHOICES` a command spec registers, `from_choice` to read a value
/// back and `choice` to show one. Before any action is built, the tree refuses a value missing
/// from `CHOICES` and lists the valid ones
/// ([`crate::commands::tree::ResolveError::NotAChoice`]), so `from_choice` never returns
/// `None` for a value the tree accepted.
macro_rules! choices {
    ($ty:ident { $($variant:ident => $value:literal, $label:literal;)+ }) => {
        impl $ty {
            /// Every variant, in the order Discord lists them.
            const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The choices the command spec registers.
            pub(crate) const CHOICES: &'static [$crate::commands::tree::Choice] =
                &[$($ty::$variant.choice()),+];

            /// This variant's entry in the list: its value and its label.
            pub(crate) const fn choice(self) -> $crate::commands::tree::Choice {
                match self {
                    $($ty::$variant => $crate::commands::tree::Choice {
                        label: $label,
                        value: $value,
                    },)+
                }
            }

            /// The variant a checked option value names; `None` for any other text.
            pub(crate) fn from_choice(value: &str) -> Option<$ty> {
                Self::ALL.iter().copied().find(|v| v.choice().value == value)
            }
        }
    };
}

pub(crate) use choices;
