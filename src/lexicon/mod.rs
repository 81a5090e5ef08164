//! The lexicon: who the actors are, what the keyword topics are, and how they are written.

/// What kind of actor a name stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    Person,
    State,
    Capital,
    Organisation,
}

/// One way of writing an actor's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub text: String,
    /// Match only with exactly this case (`US` is not `us`).
    pub exact_case: bool,
}

/// A person, state, capital or organisation that the corpus names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    pub aliases: Vec<Alias>,
}

/// A keyword topic: a named set of terms, `*` allowed at their ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub id: String,
    pub name: String,
    pub terms: Vec<String>,
}

/// All actors and topics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    pub actors: Vec<Actor>,
    pub topics: Vec<Topic>,
}
