#!/usr/bin/env python3
"""Fit the geoparser's ranker weights and compare them with the hand-set ones.

Why: the cues that choose among a name's candidate places (src/geoparse/ranker.rs) were
weighted by hand, case by case. This script measures those weights against weights fitted
to the development sets, on sets the fit never saw: train on three sets, test on the
fourth, for each of the four.

Input: the feature files the evaluation examples write (they read ../shared/eval/):

    cargo build --release --example eval_geoparse --example eval_incidents
    ./target/release/examples/eval_geoparse --features /tmp/features.jsonl
    EVAL_FEATURES=/tmp/features-acled.jsonl ./target/release/examples/eval_incidents
    python3 scripts/fit_ranker.py /tmp/features.jsonl /tmp/features-acled.jsonl

One JSON line per gold toponym the ranker saw: its candidates, each with its feature
vector `f` and its distance `km` to the gold point. A candidate is right within 161 km of
the gold point on the toponym sets (their Acc@161) and within 10 km on ACLED's notes
(where an incident must land). The model is a conditional logit (a softmax over each
mention's candidates, as in learning-to-rank for toponym resolution), fitted by full-batch
gradient ascent with Adam and an L2 penalty, and an averaged perceptron started from the
hand weights, which corrects the pick directly where it is wrong. The pick is the candidate
of highest score, so only the direction of the weights matters.

The hand weights were set while reading errors on these same sets, so their figures are
in-sample and the learned ones are not: a learned ranker must beat that to be adopted.

The same files hold, for every name the geoparser found and resolved, the cues that it is
meant as a place (`"kind": "placeness"`) and whether it overlaps a gold toponym. A logistic
regression on them, with the threshold of best F1 on the training sets, is the placeness
check (ranker::PLACENESS); it is cross-validated the same way, on the three toponym sets.

Measure: the share of mentions whose top-scored candidate is right (mentions no candidate
of which is right count against both), over each held-out set. Standard library only.
"""

import json
import math
import sys

# ranker::NAMES, in order
NAMES = [
    "similarity", "importance", "population", "conflict_place", "gazetteer_adjustment",
    "region_share", "in_focus_country", "obscure_abroad", "renown", "text_names_area",
    "text_names_kind", "settlement_word_on_area", "near_other_places", "in_named_province",
    "admin_after_comma", "near_another_reading",
]
# ranker::WEIGHTS
RULES = [0.65, 0.15, 0.10, 0.05, 1.0, 0.2, 0.08, -0.12, 0.06, 0.2, 0.08, -0.2, 0.2, 0.05, 0.15, 0.2]


def right_km(set_name):
    return 10.0 if set_name.startswith("acled") else 161.0


def load(paths):
    """Mentions per set: (feature vectors, right or not per candidate)."""
    sets = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r.get("kind") == "placeness":
                    continue
                cands = r["cands"]
                if not cands:
                    continue
                limit = right_km(r["set"])
                xs = [c["f"] for c in cands]
                ys = [c["km"] <= limit for c in cands]
                sets.setdefault(r["set"], []).append((xs, ys))
    return sets


def dot(w, x):
    return sum(a * b for a, b in zip(w, x))


def top(w, xs):
    best, k = None, None
    for j, x in enumerate(xs):
        s = dot(w, x)
        if best is None or s > best:
            best, k = s, j
    return k


def accuracy(w, mentions):
    return sum(1 for xs, ys in mentions if ys[top(w, xs)]) / max(1, len(mentions))


def adam_step(w, m, v, grad, count, t, rate, l2):
    """One Adam step of gradient ascent on the mean gradient, with an L2 penalty."""
    for k in range(len(w)):
        g = grad[k] / count - l2 * w[k]
        m[k] = 0.9 * m[k] + 0.1 * g
        v[k] = 0.999 * v[k] + 0.001 * g * g
        w[k] += rate * (m[k] / (1 - 0.9**t)) / (math.sqrt(v[k] / (1 - 0.999**t)) + 1e-8)


def fit(mentions, epochs=200, rate=0.05, l2=1e-3):
    """Conditional logit: maximise sum over mentions of log P(right | candidates)."""
    data = [(xs, ys) for xs, ys in mentions if any(ys) and not all(ys)]
    n = len(RULES)
    # start from the hand weights scaled to logits: the fit refines, not rediscovers
    w = [10.0 * r for r in RULES]
    m = [0.0] * n
    v = [0.0] * n
    for t in range(1, epochs + 1):
        grad = [0.0] * n
        for xs, ys in data:
            scores = [dot(w, x) for x in xs]
            top_s = max(scores)
            e = [math.exp(s - top_s) for s in scores]
            z = sum(e)
            zr = sum(ej for ej, y in zip(e, ys) if y)
            for ej, x, y in zip(e, xs, ys):
                # d log(zr/z) / dw = E_right[x] - E_all[x]
                c = (ej / zr if y else 0.0) - ej / z
                if c:
                    for k in range(n):
                        grad[k] += c * x[k]
        adam_step(w, m, v, grad, len(data), t, rate, l2)
    return w


def perceptron(mentions, epochs=10, rate=0.01, seed=1):
    """Averaged perceptron from the hand weights: where the top candidate is wrong, move
    toward the best right one."""
    import random

    data = [(xs, ys) for xs, ys in mentions if any(ys) and not all(ys)]
    n = len(RULES)
    w = list(RULES)
    total = [0.0] * n
    steps = 0
    rnd = random.Random(seed)
    for _ in range(epochs):
        rnd.shuffle(data)
        for xs, ys in data:
            k = top(w, xs)
            if not ys[k]:
                right = [j for j in range(len(xs)) if ys[j]]
                j = max(right, key=lambda j: dot(w, xs[j]))
                for q in range(n):
                    w[q] += rate * (xs[j][q] - xs[k][q])
            for q in range(n):
                total[q] += w[q]
            steps += 1
    return [t / steps for t in total]


# ranker::PLACENESS_NAMES
PLACENESS_NAMES = [
    "bias", "one_word", "renown", "similarity", "after_preposition_of_place",
    "beside_its_admin_area", "same_name_after_preposition_elsewhere", "near_other_places",
    "region_share", "in_focus_country", "capitalised_word_after", "capitalised_word_before",
    "sentence_start", "possessive", "repeated", "village_layer", "conflict_place",
    "feature_word", "area", "all_capitals", "local_institution_after",
]
FEATURE_WORD = PLACENESS_NAMES.index("feature_word")


def load_placeness(paths):
    """Found names per set: (cues, overlaps a gold toponym). Names the text marks as places
    (a feature word, a demonym, a facility) are not judged: the sets disagree on demonyms."""
    sets = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r.get("kind") != "placeness" or r["f"][FEATURE_WORD]:
                    continue
                sets.setdefault(r["set"], []).append((r["f"], r["placed"]))
    return sets


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit_logistic(data, epochs=300, rate=0.05, l2=1e-3):
    """Logistic regression by full-batch gradient ascent with Adam."""
    n = len(data[0][0])
    w, m, v = [0.0] * n, [0.0] * n, [0.0] * n
    for t in range(1, epochs + 1):
        grad = [0.0] * n
        for x, y in data:
            e = (1.0 if y else 0.0) - sigmoid(dot(w, x))
            for k in range(n):
                grad[k] += e * x[k]
        adam_step(w, m, v, grad, len(data), t, rate, l2)
    return w


def kept(w, data, threshold):
    """(right names kept, wrong names kept)."""
    tp = fp = 0
    for x, y in data:
        if sigmoid(dot(w, x)) >= threshold:
            tp += y
            fp += not y
    return tp, fp


def best_threshold(w, data):
    """The threshold of highest F1 over these names (recall among the names found)."""
    right = sum(1 for _, y in data if y)
    best = (-1.0, 0.0)
    for step in range(0, 80, 2):
        th = step / 100
        tp, fp = kept(w, data, th)
        p, r = tp / max(1, tp + fp), tp / max(1, right)
        best = max(best, (2 * p * r / max(1e-9, p + r), -th))
    return -best[1]


def placeness(paths):
    sets = load_placeness(paths)
    if not sets:
        return
    names = sorted(sets)
    print("\nplaceness: is a found name meant as a place? (held-out set; names the text "
          "marks as places not judged)")
    print("| held-out set | names | threshold (from the others) | right names dropped "
          "| wrong names dropped | precision among them before -> after |")
    print("|---|---:|---:|---:|---:|---:|")
    for held in names:
        train = [d for s in names if s != held for d in sets[s]]
        w = fit_logistic(train)
        th = best_threshold(w, train)
        tp0, fp0 = kept(w, sets[held], 0.0)
        tp, fp = kept(w, sets[held], th)
        print(f"| {held} | {len(sets[held])} | {th:.2f} | {tp0 - tp} | {fp0 - fp} "
              f"| {tp0 / max(1, tp0 + fp0):.3f} -> {tp / max(1, tp + fp):.3f} |", flush=True)
    everything = [d for s in names for d in sets[s]]
    w = fit_logistic(everything)
    th = best_threshold(w, everything)
    print(f"\nplaceness weights fitted on all sets, threshold {th:.2f} (ranker::PLACENESS):")
    print("    " + ", ".join(f"{x:.3f}" for x in w))
    for name, x in zip(PLACENESS_NAMES, w):
        print(f"  {name:38} {x:+.3f}")


def main():
    paths = sys.argv[1:]
    if not paths:
        print(__doc__)
        sys.exit(2)
    sets = load(paths)
    names = sorted(sets)
    print("| held-out set | mentions | rules (in-sample) | logit (trained on the others) "
          "| perceptron (trained on the others) |")
    print("|---|---:|---:|---:|---:|")
    wins = {"logit": 0, "perceptron": 0}
    for held in names:
        train = [m for s in names if s != held for m in sets[s]]
        r = accuracy(RULES, sets[held])
        got = {"logit": accuracy(fit(train), sets[held]),
               "perceptron": accuracy(perceptron(train), sets[held])}
        for k, v in got.items():
            wins[k] += v > r
        print(f"| {held} | {len(sets[held])} | {r:.3f} | {got['logit']:.3f} "
              f"| {got['perceptron']:.3f} |", flush=True)
    everything = [m for s in names for m in sets[s]]
    w = perceptron(everything)
    scale = RULES[0] / w[0] if w[0] else 1.0
    print("\nperceptron weights fitted on all sets (scaled to the hand weights' similarity):")
    for name, r, x in zip(NAMES, RULES, w):
        print(f"  {name:26} rules {r:+.3f}  learned {x * scale:+.3f}")
    print(f"\nin-sample on all sets: rules {accuracy(RULES, everything):.3f}, "
          f"perceptron {accuracy(w, everything):.3f}")
    for k, v in wins.items():
        print(f"{k} beats the rules on {v} of {len(names)} held-out sets")
    placeness(paths)


if __name__ == "__main__":
    main()
