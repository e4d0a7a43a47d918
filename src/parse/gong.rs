//! Gong `/v2/calls/transcript` responses, and the `parties` that name their speakers.
//!
//! A response holds `callTranscripts[]`, one per call (so one file can become
//! several [`Transcript`]s, each with its `call_id`), each a list of
//! monologues `{speakerId, topic, sentences[{start, end, text}]}` with times
//! in milliseconds. The transcript names nobody: speakers are opaque ids, and
//! who they are (and which side they are on) lives in the call's `parties[]`
//! from `/v2/calls/extensive`. [`apply_gong_parties`] joins the two.

use std::collections::HashMap;

use super::json::{has_keys, Node};
use super::{Format, Input, ParseError};
use crate::transcript::{Role, Transcript, Utterance, UtteranceBuilder};

pub struct Gong;

pub static GONG: Gong = Gong;

impl Format for Gong {
    fn name(&self) -> &'static str {
        "gong"
    }

    fn detection(&self) -> &'static str {
        "JSON object with `callTranscripts`"
    }

    fn detect(&self, input: &Input) -> bool {
        input
            .json()
            .is_some_and(|v| has_keys(v, &["callTranscripts"]))
    }

    fn parse(&self, input: &Input) -> Result<Vec<Transcript>, ParseError> {
        let root = Node::document(input)?;
        let mut out = Vec::new();
        for call in root.req_items("callTranscripts")? {
            let mut b = UtteranceBuilder::merging();
            for mono in call.req_items("transcript")? {
                let speaker = mono.opt_label("speakerId")?;
                for s in mono.req_items("sentences")? {
                    b.push(Utterance {
                        speaker: speaker.clone(),
                        start: Some(s.req_num("start")? / 1000.0),
                        end: Some(s.req_num("end")? / 1000.0),
                        text: s.req_str("text")?.to_string(),
                        ..Utterance::default()
                    });
                }
            }
            out.push(Transcript {
                call_id: call.opt_label("callId")?,
                utterances: b.finish(),
            });
        }
        Ok(out)
    }
}

/// One Gong party: a person on a call.
#[derive(Debug, Clone)]
struct Party {
    call_id: Option<String>,
    name: Option<String>,
    role: Role,
    org: Option<String>,
}

fn read_parties(
    list: &[Node],
    call_id: Option<String>,
    out: &mut HashMap<String, Vec<Party>>,
) -> Result<(), ParseError> {
    for p in list {
        // Parties who never spoke have no speakerId; they cannot be in the transcript.
        let Some(id) = p.opt_label("speakerId")? else {
            continue;
        };
        let role = match p
            .opt_str("affiliation")?
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("internal") => Role::Seller,
            Some("external") => Role::Buyer,
            _ => Role::Unknown,
        };
        let org = p
            .opt_str("emailAddress")?
            .and_then(|e| e.rsplit_once('@'))
            .map(|(_, domain)| domain.to_ascii_lowercase())
            .filter(|d| !d.is_empty());
        out.entry(id).or_default().push(Party {
            call_id: call_id.clone(),
            name: p
                .opt_str("name")?
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(String::from),
            role,
            org,
        });
    }
    Ok(())
}

/// Reads the parties file at `path` and applies it to `transcripts` (read as
/// `format`) with [`apply_gong_parties`]. Errors name the parties file, and
/// the line or the field where it is bad; a transcript that is not Gong is an
/// error too, since parties name Gong speaker ids.
pub fn apply_gong_parties_file(
    transcripts: &mut [Transcript],
    format: &str,
    path: &str,
) -> crate::error::Result<()> {
    use crate::error::{Error, Location};
    if format != GONG.name() {
        return Err(Error::Usage(format!(
            "--parties {path}: a parties file names the speakers of Gong transcripts, and this one was read as {format}"
        )));
    }
    let bytes = super::read_bytes(path)?;
    let text = super::decode(path, &bytes)?;
    apply_gong_parties(transcripts, &text).map_err(|e| Error::Parse {
        at: Location {
            path: path.to_string(),
            line: e.line,
        },
        format: "Gong parties",
        message: e.message,
    })
}

/// Names the speakers of Gong transcripts from a parties list and sets their sides.
///
/// `parties_json` is a `/v2/calls/extensive` response (`calls[]` with
/// `metaData.id` and `parties[]`), an object with a bare `parties` list, or
/// the list itself. Each party's `speakerId` is replaced by its `name`;
/// `affiliation` Internal becomes [`Role::Seller`], External [`Role::Buyer`];
/// the domain of its `emailAddress` becomes the utterance's `org`. A party of
/// the same call wins over one of another call. Speakers with no party keep
/// their id and role.
pub fn apply_gong_parties(
    transcripts: &mut [Transcript],
    parties_json: &str,
) -> Result<(), ParseError> {
    let v: serde_json::Value = serde_json::from_str(parties_json)
        .map_err(|e| ParseError::at(e.line(), format!("parties file is not valid JSON: {e}")))?;
    let root = Node::root(&v);
    let mut parties: HashMap<String, Vec<Party>> = HashMap::new();
    if v.is_array() {
        read_parties(&root.items()?, None, &mut parties)?;
    } else if let Some(calls) = root.get("calls") {
        for call in calls.items()? {
            let id = match call.get("metaData") {
                Some(m) => m.opt_label("id")?,
                None => call.opt_label("id")?,
            };
            read_parties(&call.opt_items("parties")?, id, &mut parties)?;
        }
    } else if root.get("parties").is_some() {
        read_parties(&root.req_items("parties")?, None, &mut parties)?;
    } else {
        return Err(ParseError::new(
            "parties file has neither `calls[].parties` nor `parties`",
        ));
    }
    for t in transcripts.iter_mut() {
        let mut b = UtteranceBuilder::merging();
        for u in std::mem::take(&mut t.utterances) {
            let party = u.speaker.as_ref().and_then(|id| {
                let candidates = parties.get(id)?;
                candidates
                    .iter()
                    .find(|p| p.call_id.is_some() && p.call_id == t.call_id)
                    .or_else(|| candidates.first())
            });
            match party {
                Some(p) => b.push(Utterance {
                    speaker: p.name.clone().or(u.speaker.clone()),
                    role: p.role,
                    org: p.org.clone().or(u.org.clone()),
                    ..u
                }),
                None => b.push(u),
            }
        }
        t.utterances = b.finish();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CALLS: &str = r#"{"requestId":"r","callTranscripts":[
        {"callId":"111","transcript":[
            {"speakerId":"S1","topic":"Intro","sentences":[{"start":1000,"end":2500,"text":"Hi, thanks for joining."},{"start":2500,"end":4000,"text":"Shall we start?"}]},
            {"speakerId":"S2","topic":null,"sentences":[{"start":4200,"end":5000,"text":"Sure."}]}]},
        {"callId":"222","transcript":[{"speakerId":"S1","sentences":[{"start":0,"end":900,"text":"Welcome back."}]}]}]}"#;

    fn calls() -> Vec<Transcript> {
        let input = Input::new(CALLS);
        assert!(GONG.detect(&input));
        GONG.parse(&input).unwrap()
    }

    #[test]
    fn several_calls_with_ids_and_merged_sentences() {
        let t = calls();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].call_id.as_deref(), Some("111"));
        assert_eq!(
            t[0].utterances[0].text,
            "Hi, thanks for joining. Shall we start?"
        );
        assert_eq!(
            (t[0].utterances[0].start, t[0].utterances[0].end),
            (Some(1.0), Some(4.0))
        );
        assert_eq!(t[0].utterances[1].speaker.as_deref(), Some("S2"));
        assert_eq!(t[1].utterances[0].speaker.as_deref(), Some("S1"));
    }

    #[test]
    fn extensive_parties_name_and_side_speakers() {
        let mut t = calls();
        apply_gong_parties(
            &mut t,
            r#"{"calls":[{"metaData":{"id":"111"},"parties":[
                {"speakerId":"S1","name":"Dana Whitfield","emailAddress":"dana@Acme.com","affiliation":"Internal"},
                {"speakerId":"S2","name":"Tom Okafor","affiliation":"External"},
                {"name":"Silent Observer","affiliation":"Internal"}]},
              {"metaData":{"id":"222"},"parties":[{"speakerId":"S1","name":"Dana W.","affiliation":"Internal"}]}]}"#,
        )
        .unwrap();
        let u = &t[0].utterances;
        assert_eq!(u[0].speaker.as_deref(), Some("Dana Whitfield"));
        assert_eq!(u[0].role, Role::Seller);
        assert_eq!(u[0].org.as_deref(), Some("acme.com"));
        assert_eq!(u[1].speaker.as_deref(), Some("Tom Okafor"));
        assert_eq!(u[1].role, Role::Buyer);
        assert_eq!(t[1].utterances[0].speaker.as_deref(), Some("Dana W."));
    }

    #[test]
    fn bare_parties_list_unknown_speakers_kept_and_errors() {
        let mut t = calls();
        apply_gong_parties(
            &mut t,
            r#"[{"speakerId":"S2","name":"Tom","affiliation":"External"}]"#,
        )
        .unwrap();
        assert_eq!(t[0].utterances[0].speaker.as_deref(), Some("S1"));
        assert_eq!(t[0].utterances[0].role, Role::Unknown);
        assert_eq!(t[0].utterances[1].speaker.as_deref(), Some("Tom"));
        apply_gong_parties(
            &mut t,
            r#"{"parties":[{"speakerId":"S1","name":"Dana","affiliation":"Internal"}]}"#,
        )
        .unwrap();
        assert_eq!(t[0].utterances[0].role, Role::Seller);

        let e = apply_gong_parties(&mut t, r#"{"x":1}"#).unwrap_err();
        assert!(e.message.contains("neither"), "{}", e.message);
        let e = apply_gong_parties(&mut t, "{\n\"parties\": [").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = apply_gong_parties(&mut t, r#"{"parties":[{"speakerId":{}}]}"#).unwrap_err();
        assert_eq!(
            e.message,
            "parties[0].speakerId is not a string or a number"
        );
    }

    #[test]
    fn missing_sentence_times_are_named() {
        let input = Input::new(
            r#"{"callTranscripts":[{"callId":"1","transcript":[{"speakerId":"S","sentences":[{"end":1,"text":"x"}]}]}]}"#,
        );
        let e = GONG.parse(&input).unwrap_err();
        assert_eq!(
            e.message,
            "callTranscripts[0].transcript[0].sentences[0].start missing"
        );
    }
}
