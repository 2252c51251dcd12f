"""Trains a scikit-learn classifier on the iris data bundled with scikit-learn and writes a ModelArts model package to
--train_url: model/model.pkl (joblib), model/config.json and model/customize_service.py (from package/)."""
import argparse
import os
import shutil

import joblib
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser()
parser.add_argument('--train_url', required=True)
parser.add_argument('--max_iter', type=int, default=500)
args, _ = parser.parse_known_args()

X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
clf = LogisticRegression(max_iter=args.max_iter).fit(X_train, y_train)
print('test accuracy %.3f on %d samples' % (clf.score(X_test, y_test), len(y_test)), flush=True)

model_dir = os.path.join(args.train_url, 'model')
os.makedirs(model_dir, exist_ok=True)
joblib.dump(clf, os.path.join(model_dir, 'model.pkl'))
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'package')
for name in ('config.json', 'customize_service.py'):
    shutil.copy(os.path.join(here, name), os.path.join(model_dir, name))
print('wrote the model package to %s' % model_dir, flush=True)
